package io.custodia.support;

import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

/** The hub's HTTP API as a test sees it: demo credentials, JSON maps. */
public final class HubClient {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;

    public HubClient(int port) {
        this.http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(h -> h.setBasicAuth("admin", "admin")).build();
    }

    public Map<String, Object> stats() {
        return http.get().uri("/api/v1/stats").retrieve().body(MAP);
    }

    public Map<String, Object> truth() {
        return http.get().uri("/sim/admin/truth").retrieve().body(MAP);
    }

    public Map<String, Object> get(String path) {
        return http.get().uri(path).retrieve().body(MAP);
    }

    public RestClient raw() {
        return http;
    }

    public static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new AssertionError("no field '" + key + "' in " + m);
        }
        return ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }
}
