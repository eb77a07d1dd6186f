package io.custodia.ops.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Route errors shown to integration teams carry no secrets: no bearer keys, no signed URL tokens. */
class RouteErrorsTest {

    @Test
    void messagesLoseBearerTokensAndQueryStrings() {
        String message = RouteErrors.describe(new IllegalStateException(
                "HTTP operation failed invoking https://files.example/blob/abc?sig=SECRET&exp=1 with Authorization Bearer sk-live-123",
                new java.io.IOException("connection reset")));
        assertThat(message).contains("https://files.example/blob/abc?…", "Bearer ***", "cause IOException: connection reset")
                .doesNotContain("SECRET", "sk-live-123");
    }
}
