package io.custodia.ingest.remote;

import org.springframework.batch.integration.partition.StepExecutionRequest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partition request on the wire: {@code {"stepName":"…","stepExecutionId":N}} as JSON text rather than
 * Java serialization, so that no node ever deserializes classes named by a message (and a request can be
 * read in the RabbitMQ console).
 */
final class PartitionRequestCodec {

    private final JsonMapper json;

    PartitionRequestCodec(JsonMapper json) {
        this.json = json;
    }

    String encode(StepExecutionRequest request) {
        return json.writeValueAsString(java.util.Map.of("stepName", request.getStepName(),
                "stepExecutionId", request.getStepExecutionId()));
    }

    StepExecutionRequest decode(String text) {
        JsonNode node = json.readTree(text);
        if (!node.path("stepName").isString() || !node.path("stepExecutionId").canConvertToLong()) {
            throw new IllegalArgumentException("not a partition request: " + (text.length() > 200 ? text.substring(0, 200) : text));
        }
        return new StepExecutionRequest(node.get("stepName").asString(), node.get("stepExecutionId").asLong());
    }
}
