package io.custodia.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.custodia.simulator.faults.FaultPlan;
import io.custodia.simulator.faults.FaultProperties;
import tools.jackson.databind.json.JsonMapper;

/** The simulated workspaces of this hub, keyed by workspace id. */
public final class Simulator {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);

    record Hosted(SimulatedWorkspace workspace, LogsPlatform logs, GroundTruth truth, RequestCounters requests) {
    }

    private final SimulatorProperties props;
    private final Map<String, Hosted> workspaces = new LinkedHashMap<>();
    private final FaultPlan faults;

    Simulator(SimulatorProperties props, JsonMapper json) {
        this(props, json, FaultProperties.NONE);
    }

    Simulator(SimulatorProperties props, JsonMapper json, FaultProperties faultProperties) {
        this.props = props;
        this.faults = new FaultPlan(faultProperties, props.workspaces().get(0).seed());
        SampleFileLibrary samples = new SampleFileLibrary(Path.of(props.samplesDir()));
        Instant origin = origin(props);
        Instant fixedEnd = origin.plus(props.history());
        Supplier<Instant> clock = props.live() ? Instant::now : () -> fixedEnd;
        for (SimulatorProperties.Workspace w : props.workspaces()) {
            SimulatedWorkspace ws = new SimulatedWorkspace(w, origin, props.logFileInterval(), clock, samples);
            workspaces.put(w.id(), new Hosted(ws, new LogsPlatform(ws, json, faults), new GroundTruth(ws), new RequestCounters()));
        }
        log.info("Simulator serves {} workspace(s) from {} ({} mode, {} of history)", workspaces.size(), origin,
                props.live() ? "live" : "fixed", props.history());
    }

    Hosted get(String workspaceId) {
        return workspaces.get(workspaceId);
    }

    /** The workspace whose API Platform org id this is (organization path of the Logs Platform), or null. */
    Hosted byOrganization(String organizationId) {
        return workspaces.values().stream().filter(h -> h.workspace().organizationId().equals(organizationId))
                .findFirst().orElse(null);
    }

    List<Hosted> all() {
        return List.copyOf(workspaces.values());
    }

    FaultPlan faults() {
        return faults;
    }

    /**
     * Renders every log file of every workspace into {@code dir} before serving (see
     * {@link LogsPlatform#prerender}); only for a fixed history.
     */
    public Prerendered prerender(Path dir) {
        if (props.live()) {
            throw new IllegalStateException("a live history grows: its log files cannot be pre-rendered");
        }
        long files = 0;
        long bytes = 0;
        for (Map.Entry<String, Hosted> e : workspaces.entrySet()) {
            Prerendered p = e.getValue().logs().prerender(dir.resolve(e.getKey()));
            files += p.files();
            bytes += p.bytes();
        }
        return new Prerendered(files, bytes);
    }

    /** What {@link #prerender} wrote: log files and their bytes. */
    public record Prerendered(long files, long bytes) {
    }

    SimulatorProperties properties() {
        return props;
    }

    /**
     * The origin: configured, else remembered from the first start (so a restarted hub sees the same
     * workspace), else "now minus history", which is then remembered.
     */
    private static Instant origin(SimulatorProperties props) {
        if (props.origin() != null) {
            return props.origin();
        }
        Path state = Path.of(props.stateFile());
        Properties p = new Properties();
        if (Files.isRegularFile(state)) {
            try (InputStream in = Files.newInputStream(state)) {
                p.load(in);
                String origin = p.getProperty("origin");
                if (origin != null) {
                    return Instant.parse(origin);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Ignoring unreadable simulator state {}: {}", state, e.toString());
            }
        }
        Instant origin = Instant.now().minus(props.history()).truncatedTo(ChronoUnit.MINUTES);
        p.setProperty("origin", origin.toString());
        try {
            if (state.getParent() != null) {
                Files.createDirectories(state.getParent());
            }
            try (OutputStream out = Files.newOutputStream(state)) {
                p.store(out, "Custodia simulator: origin of the simulated history");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write simulator state " + state, e);
        }
        return origin;
    }
}
