package io.custodia.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCSF renderings validated against the required attributes, types and enums of their classes in the
 * shared OCSF 1.8.0 reference.
 */
class OcsfFormatTest {

    private static final OcsfSchema SCHEMA = OcsfSchema.load();
    private final OcsfFormat ocsf = new OcsfFormat(Fixtures.JSON, "0.1.0");

    @Test
    void interactionIsAnApiActivityWithTheAiOperationProfile() {
        JsonNode e = ocsf.tree(Fixtures.interaction());
        assertThat(SCHEMA.validate(e)).isEmpty();
        assertThat(e.path("class_uid").asInt()).isEqualTo(6003);
        assertThat(e.path("type_uid").asLong()).isEqualTo(600301);
        assertThat(e.path("metadata").path("profiles").get(0).asString()).isEqualTo("ai_operation");
        assertThat(e.path("metadata").path("version").asString()).isEqualTo("1.8.0");
        assertThat(e.path("ai_model").path("name").asString()).isEqualTo("gpt-4o");
        assertThat(e.path("ai_model").path("ai_provider").asString()).isEqualTo("OpenAI");
        assertThat(e.path("message_context").path("uid").asString()).isEqualTo("conv-1");
        assertThat(e.path("actor").path("user").path("email_addr").asString()).isEqualTo("ana@example.com");
        assertThat(e.path("time").asLong()).isEqualTo(Fixtures.AT.toEpochMilli());
        // no content unless the feed opts in: neither text nor the conversation title
        assertThat(e.toString()).doesNotContain("the answer", "Quarterly", "prompt_text");
    }

    @Test
    void contentOptInAddsTheTextUnderItsOcsf19Names() {
        FeedEvent withText = Fixtures.interaction().withContent(new FeedEvent.Content("Title", "the prompt", "the answer"));
        JsonNode mc = ocsf.tree(withText).path("message_context");
        assertThat(mc.path("prompt_text").asString()).isEqualTo("the prompt");
        assertThat(mc.path("response_text").asString()).isEqualTo("the answer");
        assertThat(mc.path("name").asString()).isEqualTo("Title");
    }

    @Test
    void detectionIsADataSecurityFinding() {
        JsonNode e = ocsf.tree(Fixtures.detection());
        assertThat(SCHEMA.validate(e)).isEmpty();
        assertThat(e.path("class_uid").asInt()).isEqualTo(2006);
        assertThat(e.path("finding_info").path("uid").asString()).isEqualTo("sit:msg-9");
        assertThat(e.path("data_security").path("category_id").asInt()).isEqualTo(3);
        assertThat(e.path("data_security").path("detection_pattern").asString()).isEqualTo("credit-card");
        assertThat(e.path("severity_id").asInt()).isEqualTo(4);
        assertThat(e.path("confidence_id").asInt()).isEqualTo(3);
    }

    @Test
    void healthChangesAndUnknownTypesGetTheGenericMapping() {
        JsonNode health = ocsf.tree(Fixtures.health());
        assertThat(SCHEMA.validate(health)).isEmpty();
        assertThat(health.path("actor").path("app_name").asString()).isEqualTo("Custodia");
        assertThat(health.path("activity_id").asInt()).isEqualTo(3);

        JsonNode unknown = ocsf.tree(Fixtures.unknown());
        assertThat(SCHEMA.validate(unknown)).isEmpty();
        assertThat(unknown.path("activity_id").asInt()).isEqualTo(99);
        assertThat(unknown.path("api").path("operation").asString()).isEqualTo("widget.frobbed");
        assertThat(unknown.path("actor").path("user").path("type_id").asInt()).isEqualTo(2);
        // what OCSF has no attribute for is kept
        assertThat(unknown.path("unmapped").path("widget").path("color").asString()).isEqualTo("blue");
    }

    @Test
    void theValidatorCatchesWhatIsMissingOrWrong() {
        ObjectNode e = ocsf.tree(Fixtures.interaction());
        e.remove("actor");
        ((ObjectNode) e.get("ai_model")).remove("ai_provider");
        e.put("severity_id", "high");
        e.put("type_uid", 600302);
        e.put("colour", "red");
        assertThat(SCHEMA.validate(e)).contains("actor is required", "ai_model.ai_provider is required",
                "severity_id must be an integer (integer_t)", "type_uid must be class_uid * 100 + activity_id = 600301",
                "colour is not an attribute of this class");
        ObjectNode finding = ocsf.tree(Fixtures.detection());
        ((ObjectNode) finding.get("finding_info")).remove("uid");
        ((ObjectNode) finding.get("data_security")).remove("category_id");
        assertThat(SCHEMA.validate(finding)).anyMatch(s -> s.contains("finding_info.uid is required"))
                .anyMatch(s -> s.contains("data_security needs at least one of"));
    }
}
