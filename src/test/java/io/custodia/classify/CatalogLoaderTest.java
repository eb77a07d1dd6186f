package io.custodia.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

    static final String CUSTOM = """
            sits:
              - id: employee-id
                name: Contoso employee number
                proximity: 50
                primary:
                  - id: number
                    pattern: '(?<![A-Z0-9])EMP-\\d{6}(?!\\d)'
                    validators: [luhn]
                evidence:
                  hr: [employee, staff id, personnel]
                  lookalike:
                    terms: [ticket]
                    proximity: 10
                    position: before
                confidence:
                  - {level: 85, requires: [hr], not: [lookalike]}
                  - {level: 65, not: [lookalike]}
                exclude:
                  values: [EMP-000000]
            """;

    @Test
    void aCustomSitNeedsNoCode() {
        SitEngine engine = new SitEngine(CatalogLoader.parse(CUSTOM, "custom.yaml"));
        // EMP-123455: 123455 passes Luhn; EMP-123456 does not
        assertThat(engine.classify("Employee EMP-123455 joined.").get("employee-id").confidence()).isEqualTo(85);
        assertThat(engine.classify("Badge EMP-123455 found.").get("employee-id").confidence()).isEqualTo(65);
        assertThat(engine.classify("Employee EMP-123456 joined.").matches()).isEmpty();
        assertThat(engine.classify("ticket EMP-123455").matches()).isEmpty();
        assertThat(engine.classify("Employee EMP-000000 (example)").matches()).isEmpty();
    }

    @Test
    void theBuiltInCatalogueHasEveryRequiredId() {
        SitCatalog catalog = CatalogLoader.loadFile(Path.of("config/sit-catalog.yaml"));
        assertThat(catalog.sits()).extracting(SitDefinition::id).containsExactlyInAnyOrder(
                "credit-card-number", "eu-debit-card", "us-ssn", "us-bank-account-number", "aba-routing-number", "iban",
                "us-passport-number", "uk-nino", "us-drivers-license", "email-address", "ipv4-address", "ipv6-address",
                "phone-number", "aws-access-key", "aws-secret-key", "azure-storage-key", "github-token", "openai-api-key",
                "slack-token", "private-key", "jwt", "general-password", "medical-terms");
        assertThat(catalog.sit("uk-nino").proximity()).isEqualTo(-1);
        assertThat(catalog.sit("us-passport-number").lowestConfidence()).isEqualTo(75);
    }

    @Test
    void theJarCarriesTheSameCatalogue() {
        assertThat(CatalogLoader.loadBundled().sits()).hasSameSizeAs(CatalogLoader.loadFile(Path.of("config/sit-catalog.yaml")).sits());
    }

    @Test
    void errorsNameTheSitAndTheField() {
        assertThatThrownBy(() -> CatalogLoader.parse(CUSTOM.replace("[luhn]", "[lunh]"), "custom.yaml"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("custom.yaml")
                .hasMessageContaining("sit 'employee-id'")
                .hasMessageContaining("primary[0].validators[0]")
                .hasMessageContaining("unknown validator 'lunh'");
        assertThatThrownBy(() -> CatalogLoader.parse(CUSTOM.replace("EMP-\\d{6}", "EMP-(\\d{6}"), "custom.yaml"))
                .hasMessageContaining("sit 'employee-id'")
                .hasMessageContaining("primary[0].pattern")
                .hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> CatalogLoader.parse(CUSTOM.replace("requires: [hr]", "requires: [hr-terms]"), "custom.yaml"))
                .hasMessageContaining("sit 'employee-id'")
                .hasMessageContaining("confidence[0].requires")
                .hasMessageContaining("unknown evidence group 'hr-terms'");
        assertThatThrownBy(() -> CatalogLoader.parse(CUSTOM.replace("proximity: 50", "proximty: 50"), "custom.yaml"))
                .hasMessageContaining("sit 'employee-id'")
                .hasMessageContaining("proximty: unknown field");
        assertThatThrownBy(() -> CatalogLoader.parse(CUSTOM.replace("level: 85", "level: 185"), "custom.yaml"))
                .hasMessageContaining("confidence[0].level");
        assertThatThrownBy(() -> CatalogLoader.parse(CUSTOM + "    yields-to: [nothing]\n", "custom.yaml"))
                .hasMessageContaining("yields-to: unknown SIT 'nothing'");
        assertThatThrownBy(() -> CatalogLoader.parse("sits: [", "broken.yaml"))
                .hasMessageContaining("broken.yaml: not valid YAML");
    }
}
