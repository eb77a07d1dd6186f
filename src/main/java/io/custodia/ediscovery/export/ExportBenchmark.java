package io.custodia.ediscovery.export;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.FileSystemUtils;

import io.custodia.CustodiaApplication;
import io.custodia.ediscovery.Cases;
import io.custodia.ediscovery.Searches;
import io.custodia.ingest.IngestJobLauncher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar custodia.jar bench export [--history=PT2H] [--rate=60] [--formats=eml,rsmf,dat]}: starts a
 * throw-away hub (embedded MariaDB in a temporary folder, the simulator with a fixed history), waits until
 * everything is ingested, then exports every item in each format and reports items per second, end to end
 * (job start to package zipped). The ceiling measured in the same run: reading the same items with one
 * JDBC query and writing each body to its own hashed file, then zipping them — the I/O an export cannot
 * avoid. The last line is a JSON summary.
 */
public final class ExportBenchmark {

    private ExportBenchmark() {
    }

    public static int run(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("history", "PT2H", "rate", "60", "users", "20",
                "formats", "eml,rsmf,dat"));
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                System.err.println("usage: bench export [--history=PT2H] [--rate=60] [--users=20] [--formats=eml,rsmf,dat]");
                return 2;
            }
            opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("custodia-bench-export");
        } catch (IOException e) {
            System.err.println("cannot create a temporary folder: " + e);
            return 1;
        }
        String ws = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";
        List<String> props = List.of(
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--custodia.embedded-db.data-dir=" + tmp.resolve("db"), "--custodia.embedded-db.base-dir=" + tmp.resolve("base"),
                "--custodia.embedded-db.temporary=true", "--custodia.embedded-db.database=bench",
                "--custodia.security.demo=true",
                "--custodia.simulator.enabled=true", "--custodia.simulator.live=false",
                "--custodia.simulator.origin=2026-01-05T00:00:00Z", "--custodia.simulator.history=" + opts.get("history"),
                "--custodia.simulator.log-file-interval=PT1M",
                "--custodia.simulator.state-file=" + tmp.resolve("sim.properties"),
                "--custodia.simulator.workspaces[0].id=" + ws, "--custodia.simulator.workspaces[0].api-key=bench-key",
                "--custodia.simulator.workspaces[0].seed=42", "--custodia.simulator.workspaces[0].users=" + opts.get("users"),
                "--custodia.simulator.workspaces[0].messages-per-minute=" + opts.get("rate"),
                "--custodia.workspaces[0].id=" + ws, "--custodia.workspaces[0].name=bench",
                "--custodia.workspaces[0].api-key=bench-key", "--custodia.workspaces[0].schedule=0/2 * * * * ?",
                "--custodia.workspaces[0].users-schedule=0/2 * * * * ?", "--custodia.ingest.launch-on-startup=true",
                "--custodia.ediscovery.export.directory=" + tmp.resolve("exports"),
                "--custodia.ediscovery.holds.refresh-schedule=0 0 0 1 1 ? 2099");
        ConfigurableApplicationContext ctx = null;
        try {
            ctx = SpringApplication.run(CustodiaApplication.class, props.toArray(String[]::new));
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            long items = converge(port, ctx.getBean(IngestJobLauncher.class));
            System.out.println("bench export: " + items + " items ingested from " + opts.get("history") + " of simulated history");

            Authentication admin = new UsernamePasswordAuthenticationToken("bench", "n/a",
                    List.of(new SimpleGrantedAuthority("ROLE_EDISCOVERY_ADMIN")));
            long caseId = ctx.getBean(Cases.class).create("bench", null, admin);
            long searchId = ctx.getBean(Searches.class).run(caseId, "ItemClass:IPM.SkypeTeams.Message*", admin).id();
            double ceiling = rawCeiling(jdbc, tmp.resolve("raw"));
            System.out.printf("bench export: ceiling (read + write hashed files + zip): %.0f items/s%n", ceiling);

            Exports exports = ctx.getBean(Exports.class);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("items", items);
            summary.put("ceilingItemsPerSecond", Math.round(ceiling));
            for (String format : opts.get("formats").split(",")) {
                long start = System.nanoTime();
                long exportId = exports.start(caseId, searchId, format.strip(), admin);
                Map<String, Object> status;
                do {
                    Thread.sleep(100);
                    status = exports.status(exportId, admin);
                } while (String.valueOf(status.get("status")).matches("STARTING|RUNNING"));
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!"COMPLETED".equals(status.get("status"))) {
                    System.err.println("bench export: " + format + " ended " + status);
                    return 1;
                }
                long exported = ((Number) status.get("itemsExported")).longValue();
                double rate = exported / seconds;
                System.out.printf("bench export: %-4s %d items in %.1f s = %.0f items/s (%.2f of the ceiling), package %d bytes%n",
                        format, exported, seconds, rate, rate / ceiling, ((Number) status.get("packageSize")).longValue());
                summary.put(format + "ItemsPerSecond", Math.round(rate));
                summary.put(format + "RatioToCeiling", Math.round(rate / ceiling * 100) / 100.0);
            }
            System.out.println(JsonMapper.builder().build().writeValueAsString(summary));
            return 0;
        } catch (Exception e) {
            System.err.println("bench export failed: " + e);
            return 1;
        } finally {
            if (ctx != null) {
                ctx.close();
            }
            try {
                FileSystemUtils.deleteRecursively(tmp);
            } catch (IOException e) {
                System.err.println("could not delete " + tmp + ": " + e);
            }
        }
    }

    /** Waits until the store holds the simulator's whole history; returns the item count. */
    private static long converge(int port, IngestJobLauncher ingest) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonMapper json = JsonMapper.builder().build();
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 30 * 60_000L;
        while (System.currentTimeMillis() < deadline) {
            JsonNode truth = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sim/admin/truth"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body());
            JsonNode stats = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stats"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (stats.path("items").asLong() == truth.path("messages").asLong() && stats.path("stagedFilesPending").asLong() == 0
                    && !ingest.busy()) {
                return stats.path("items").asLong();
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the hub did not ingest the simulated history within 30 minutes");
    }

    /** Items per second of the unavoidable work: one query for the bodies, one hashed file each, one zip of them. */
    private static double rawCeiling(JdbcTemplate jdbc, Path dir) throws Exception {
        Files.createDirectories(dir);
        long start = System.nanoTime();
        List<Path> files = new ArrayList<>();
        jdbc.query("SELECT id, body FROM mail_item ORDER BY id", rs -> {
            Path p = dir.resolve(rs.getLong(1) + ".txt");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(p), PackageFiles.sha256())) {
                String body = rs.getString(2);
                out.write((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            files.add(p);
        });
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(dir.resolve("raw.zip")))) {
            for (Path p : files) {
                z.putNextEntry(new ZipEntry(p.getFileName().toString()));
                Files.copy(p, z);
                z.closeEntry();
            }
        }
        return files.size() / ((System.nanoTime() - start) / 1e9);
    }
}
