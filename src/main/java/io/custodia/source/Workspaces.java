package io.custodia.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The configured workspaces by id, and their API base URLs. A workspace without {@code base-url} talks
 * to this hub's own simulator, resolved on the port the web server actually listens on (so
 * {@code --server.port=N} and random test ports just work).
 */
@Component
public class Workspaces {

    private final Map<String, SourceProperties.Workspace> byId = new LinkedHashMap<>();
    private final Environment env;

    public Workspaces(SourceProperties props, Environment env) {
        props.workspaces().forEach(w -> byId.put(w.id(), w));
        this.env = env;
    }

    public List<SourceProperties.Workspace> all() {
        return List.copyOf(byId.values());
    }

    public List<SourceProperties.Workspace> enabled() {
        return byId.values().stream().filter(SourceProperties.Workspace::enabled).toList();
    }

    public SourceProperties.Workspace get(String id) {
        SourceProperties.Workspace w = byId.get(id);
        if (w == null) {
            throw new IllegalArgumentException("unknown workspace " + id);
        }
        return w;
    }

    public String baseUrl(String id) {
        SourceProperties.Workspace w = get(id);
        if (w.baseUrl() != null && !w.baseUrl().isBlank()) {
            return w.baseUrl().endsWith("/") ? w.baseUrl().substring(0, w.baseUrl().length() - 1) : w.baseUrl();
        }
        String url = simulatorUrl;
        if (url == null) {
            // the environment is walked property source by property source: resolved once the server's port is
            // known (it is asked for on every request of a catch-up)
            String local = env.getProperty("local.server.port");
            String port = local != null ? local : env.getProperty("server.port", "8080");
            url = "http://127.0.0.1:" + port + env.getProperty("server.servlet.context-path", "") + "/sim/v1";
            if (local != null) {
                simulatorUrl = url;
            }
        }
        return url;
    }

    /** The in-process simulator's API address, once the web server has its port. */
    private volatile String simulatorUrl;
}
