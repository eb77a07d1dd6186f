package io.custodia.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import io.custodia.ops.database.DatabaseAccess;
import io.custodia.ops.database.ThrowawayDatabase;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar custodia.jar bench audit-seal [--records N] [--batch N]}: can the hash chain keep up
 * with ingest? On a throw-away embedded MariaDB with the real schema, it appends N interaction records
 * the way ingest does ({@link AuditLog#append}, batches of 500: the ceiling), seals them all
 * ({@link AuditSealer}), verifies the chain ({@link AuditChainVerifier}), then appends another N from two
 * threads while the sealer runs beside them, and reports the rates, their ratio to the append rate and
 * the largest backlog of unsealed records seen.
 */
public final class AuditSealBenchmark {

    private AuditSealBenchmark() {
    }

    public static int run(String[] args) {
        int records = 200_000;
        int batch = 500;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("usage: bench audit-seal [--records N] [--batch N]");
                    return 2;
                }
            }
        }
        try (ThrowawayDatabase db = ThrowawayDatabase.create();
             ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchContext.class)
                     .web(WebApplicationType.NONE).run(db.arguments())) {
            return measure(context, records, batch);
        }
    }

    private static int measure(ConfigurableApplicationContext context, int records, int batch) {
        AuditLog log = context.getBean(AuditLog.class);
        AuditSealer sealer = context.getBean(AuditSealer.class);
        AuditChainVerifier verifier = context.getBean(AuditChainVerifier.class);
        AuditRecords factory = context.getBean(AuditRecords.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

        List<List<AuditRecord>> first = batches(factory, "a", records, batch);
        List<List<AuditRecord>> second = batches(factory, "b", records, batch);
        long bytes = first.get(0).stream().mapToLong(r -> r.auditData().length()).sum();
        System.out.printf("records: %,d interaction records of ~%d bytes, batches of %d%n", records,
                bytes / first.get(0).size(), batch);

        long t0 = System.nanoTime();
        first.forEach(log::append);
        double appendRate = rate(records, t0);
        System.out.printf("append (ingest's batched insert, the ceiling): %,.0f records/s%n", appendRate);

        t0 = System.nanoTime();
        long sealed = sealer.seal();
        double sealRate = rate(sealed, t0);
        System.out.printf("seal: %,d records at %,.0f records/s (%.2f x append)%n", sealed, sealRate, sealRate / appendRate);

        t0 = System.nanoTime();
        ChainReport report = verifier.verify();
        double verifyRate = rate(report.records(), t0);
        System.out.printf("verify: %,d records at %,.0f records/s, ok=%s%n", report.records(), verifyRate, report.ok());

        // ingest and sealer together: two appending threads, the sealer looping beside them
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong backlog = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        t0 = System.nanoTime();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int from = w;
                writers.add(pool.submit(() -> {
                    for (int i = from; i < second.size(); i += 2) {
                        log.append(second.get(i));
                    }
                }));
            }
            Future<?> sealing = pool.submit(() -> {
                while (appending.get()) {
                    backlog.accumulateAndGet(unsealed(jdbc), Math::max);
                    sealer.seal();
                }
                sealer.seal();
            });
            for (Future<?> f : writers) {
                f.get();
            }
            double concurrentAppend = rate(records, t0);
            appending.set(false);
            sealing.get();
            double all = rate(records, t0);
            System.out.printf("together: append %,.0f records/s (%.2f x alone) with the sealer running; everything sealed "
                    + "after %,.0f records/s; largest unsealed backlog %,d records%n", concurrentAppend,
                    concurrentAppend / appendRate, all, backlog.get());
        } catch (Exception e) {
            throw new IllegalStateException("benchmark failed", e);
        } finally {
            pool.shutdownNow();
        }
        report = verifier.verify();
        System.out.printf("audit-seal: seal %,.0f records/s = %.2f x the append rate (%,.0f records/s); verify %,.0f records/s; "
                + "chain ok=%s over %,d records%n", sealRate, sealRate / appendRate, appendRate, verifyRate, report.ok(),
                report.records());
        return report.ok() ? 0 : 1;
    }

    private static long unsealed(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE chain_pos = 0", Long.class);
    }

    private static double rate(long n, long t0) {
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static List<List<AuditRecord>> batches(AuditRecords factory, String prefix, int records, int batch) {
        List<List<AuditRecord>> batches = new ArrayList<>();
        List<AuditRecord> current = new ArrayList<>(batch);
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        for (int i = 0; i < records; i++) {
            String user = "user" + (i % 500) + "@bench.example";
            MailboxItem response = new MailboxItem("ws-bench", prefix + "-msg-" + i, "user-" + (i % 500), user,
                    prefix + "-conv-" + (i / 6), "Bench conversation", start, false, prefix + "-prompt-" + i,
                    ItemKind.RESPONSE, ItemClasses.BROWSER, ItemClasses.APP_NAME, user, "Bench conversation", "answer",
                    "0".repeat(64), start.plusMillis(i), "desktop_web", "gpt-5", i % 10 == 0 ? "g-bench" : null,
                    i % 10 == 0 ? "Bench GPT" : null, null, null, "event-" + i, List.of());
            current.add(factory.interaction(response));
            if (current.size() == batch) {
                batches.add(current);
                current = new ArrayList<>(batch);
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    // deliberately not @Configuration: component scanning of the hub must not pick this context up
    @Import({DatabaseAccess.class, AuditConfiguration.class, AuditLog.class, AuditRecords.class, AuditSealer.class,
            AuditChainVerifier.class})
    @ImportAutoConfiguration(FlywayAutoConfiguration.class)
    static class BenchContext {
        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().build();
        }
    }
}
