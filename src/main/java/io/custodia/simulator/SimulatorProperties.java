package io.custodia.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The in-process ChatGPT Enterprise Compliance API simulator ({@code custodia.simulator.*}).
 *
 * @param enabled           serve {@code /sim/v1} and {@code /sim/admin} (on in the demo run, off in production)
 * @param live              {@code true}: activity keeps arriving as wall-clock time passes;
 *                          {@code false}: a fixed finite history ending at {@code origin + history}
 * @param origin            start of the simulated history; when absent, live mode uses
 *                          "first start minus {@code history}" (remembered in {@code stateFile}),
 *                          fixed mode uses 2026-01-05T00:00:00Z
 * @param history           length of the history that exists before the hub starts (live) or in total (fixed)
 * @param stateFile         where live mode remembers its origin so restarts see the same workspace
 * @param logFileInterval   how often the Logs Platform closes a JSONL file per event type
 * @param signedUrlTtl      validity of the signed download URLs behind the 307 redirects
 * @param samplesDir        folder of files that users "upload" (pdf, docx, xlsx, txt …)
 * @param workspaces        the simulated workspaces
 */
@ConfigurationProperties("custodia.simulator")
public record SimulatorProperties(
        boolean enabled,
        boolean live,
        Instant origin,
        Duration history,
        String stateFile,
        Duration logFileInterval,
        Duration signedUrlTtl,
        String samplesDir,
        List<Workspace> workspaces) {

    public SimulatorProperties {
        history = history != null ? history : Duration.ofHours(6);
        stateFile = stateFile != null ? stateFile : "data/simulator-state.properties";
        logFileInterval = logFileInterval != null ? logFileInterval : Duration.ofSeconds(15);
        signedUrlTtl = signedUrlTtl != null ? signedUrlTtl : Duration.ofMinutes(5);
        samplesDir = samplesDir != null ? samplesDir : "samples/files";
        workspaces = workspaces != null && !workspaces.isEmpty() ? workspaces : List.of(Workspace.DEFAULT);
        if (logFileInterval.toMillis() < 1000) {
            throw new IllegalArgumentException("custodia.simulator.log-file-interval must be at least 1s, was " + logFileInterval);
        }
    }

    /**
     * One simulated workspace.
     *
     * @param id                 workspace UUID (the {@code {ws}} path segment)
     * @param apiKey             bearer key the simulator accepts for this workspace
     * @param seed               everything (users, texts, ids, files) derives from it
     * @param users              size of the user directory
     * @param messagesPerMinute  average arrival rate of messages (prompts + responses)
     * @param fileRate           share of prompts that upload a file
     * @param sensitiveRate      share of prompts carrying planted sensitive data
     * @param authEventRate      share of conversations preceded by an AUTH_LOG login event
     * @param organizationId     API Platform org id ({@code org-…}) whose {@code /compliance/organizations/{org}/logs}
     *                           path serves this workspace's organization-scoped event types (default: derived
     *                           from the seed)
     */
    public record Workspace(
            String id,
            String apiKey,
            Long seed,
            Integer users,
            Double messagesPerMinute,
            Double fileRate,
            Double sensitiveRate,
            Double authEventRate,
            String organizationId) {

        static final Workspace DEFAULT = new Workspace(null, null, null, null, null, null, null, null, null);

        public Workspace(String id, String apiKey, Long seed, Integer users, Double messagesPerMinute, Double fileRate,
                         Double sensitiveRate, Double authEventRate) {
            this(id, apiKey, seed, users, messagesPerMinute, fileRate, sensitiveRate, authEventRate, null);
        }

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Workspace {
            id = id != null ? id : "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";
            apiKey = apiKey != null ? apiKey : "sim-demo-key";
            seed = seed != null ? seed : 42L;
            users = users != null ? users : 20;
            messagesPerMinute = messagesPerMinute != null ? messagesPerMinute : 12.0;
            fileRate = fileRate != null ? fileRate : 0.08;
            sensitiveRate = sensitiveRate != null ? sensitiveRate : 0.06;
            authEventRate = authEventRate != null ? authEventRate : 0.35;
            organizationId = organizationId != null ? organizationId : "org-" + ContentGenerator.randomChars(
                    new java.util.SplittableRandom(SimulatedWorkspace.mix(seed ^ 0x0A9A9AL)),
                    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 24);
            if (users < 1) {
                throw new IllegalArgumentException("custodia.simulator.workspaces[].users must be >= 1");
            }
            if (messagesPerMinute <= 0) {
                throw new IllegalArgumentException("custodia.simulator.workspaces[].messages-per-minute must be > 0");
            }
        }
    }
}
