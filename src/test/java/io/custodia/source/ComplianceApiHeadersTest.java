package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ComplianceApiHeadersTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final Exchange exchange = new DefaultExchange(camel);

    @Test
    void apiRequestsCarryTheKeyButNoRouteState() {
        ComplianceApiHeaders api = ComplianceApiHeaders.api();
        assertThat(api.applyFilterToCamelHeaders("Authorization", "Bearer k", exchange)).isFalse();
        assertThat(api.applyFilterToCamelHeaders("Accept", "application/json", exchange)).isFalse();
        assertThat(api.applyFilterToCamelHeaders(ComplianceApi.WORKSPACE, "ws", exchange)).isTrue();
        assertThat(api.applyFilterToCamelHeaders(ComplianceApi.CURSOR, "2026-01-01", exchange)).isTrue();
        assertThat(api.applyFilterToCamelHeaders("Location", "https://blob", exchange)).isTrue();
    }

    @Test
    void signedDownloadsNeverCarryTheKey() {
        ComplianceApiHeaders signed = ComplianceApiHeaders.signedDownload();
        assertThat(signed.applyFilterToCamelHeaders("Authorization", "Bearer k", exchange)).isTrue();
        assertThat(signed.applyFilterToCamelHeaders("authorization", "Bearer k", exchange)).isTrue();
        assertThat(signed.applyFilterToCamelHeaders("User-Agent", "Custodia", exchange)).isFalse();
    }
}
