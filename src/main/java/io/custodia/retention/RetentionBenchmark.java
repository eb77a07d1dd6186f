package io.custodia.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.custodia.CustodiaApplication;
import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import io.custodia.mailbox.MailboxStore;
import io.custodia.ops.database.ThrowawayDatabase;

/**
 * {@code java -jar custodia.jar bench retention [--items N]}: how fast the nightly disposition works. On a
 * throw-away embedded MariaDB, the hub (on a random port, without collection) writes N items through the
 * mailbox store, ingest's write path (the ceiling), then runs the disposition job a year later under
 * "delete after 30 days, all users" (every item moves to the recoverable area, with its ledger row, audit
 * record and outbox event) — after a dry run that only evaluates — and again past the grace period (every
 * item is purged), and reports the rates.
 */
public final class RetentionBenchmark {

    private RetentionBenchmark() {
    }

    public static int run(String[] args) {
        int items = 100_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if ("--items".equals(args[i])) {
                items = Integer.parseInt(args[i + 1]);
            } else {
                System.err.println("usage: bench retention [--items N]");
                return 2;
            }
        }
        try (ThrowawayDatabase db = ThrowawayDatabase.create();
             ConfigurableApplicationContext hub = new SpringApplicationBuilder(CustodiaApplication.class)
                     .run(db.arguments("--custodia.simulator.enabled=false",
                             "--custodia.workspaces[0].id=ws-bench",
                             "--custodia.workspaces[0].api-key=none",
                             "--custodia.workspaces[0].enabled=false",
                             "--custodia.ingest.launch-on-startup=false",
                             "--custodia.retention.schedule=0 0 2 1 1 ? 2099",
                             "--camel.main.routes-include-pattern=classpath:no-routes/*.yaml",
                             "--server.port=0"))) {
            return measure(hub, items);
        }
    }

    private static int measure(ConfigurableApplicationContext hub, int count) {
        MailboxStore store = hub.getBean(MailboxStore.class);
        TransactionTemplate tx = hub.getBean(TransactionTemplate.class);
        Instant day0 = Instant.parse("2026-01-05T00:00:00Z");
        List<List<MailboxItem>> chunks = new ArrayList<>();
        List<MailboxItem> chunk = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String user = "user" + (i % 200);
            String conv = "conv-" + (i / 6);
            List<Attachment> files = i % 20 == 0 ? List.of(new Attachment("file-" + i, "notes.txt", "text/plain", 5L,
                    "0".repeat(64), "notes", "EXTRACTED", null, null, null)) : List.of();
            chunk.add(new MailboxItem("ws-bench", "msg-" + i, "user-" + user, user + "@bench.example", conv, "Bench " + conv,
                    day0, false, null, i % 2 == 0 ? ItemKind.PROMPT : ItemKind.RESPONSE, ItemClasses.BROWSER,
                    user + "@bench.example", ItemClasses.APP_NAME, "Bench " + conv, "text of message " + i + " ".repeat(200),
                    "0".repeat(64), day0.plusSeconds(i), "desktop_web", "gpt-5", null, null, null, null, "event-" + i, files));
            if (chunk.size() == 500) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        long t0 = System.nanoTime();
        for (List<MailboxItem> c : chunks) {
            tx.executeWithoutResult(s -> store.write(c));
        }
        double writeRate = rate(count, t0);
        System.out.printf("write: %,d items through the mailbox store at %,.0f items/s (the ceiling)%n", count, writeRate);

        hub.getBean(RetentionPolicies.class).create(new RetentionPolicies.PolicyRequest("Delete after 30 days",
                new RetentionPolicies.Scope(true, null, null), "delete", 30, "created", false), "bench");
        RetentionJobLauncher launcher = hub.getBean(RetentionJobLauncher.class);
        Instant yearAhead = day0.plus(Duration.ofDays(365));
        t0 = System.nanoTime();
        Map<String, Object> dry = await(hub, launcher.start(yearAhead, true, "bench"));
        double evaluateRate = rate(((Number) dry.get("evaluated")).longValue(), t0);
        System.out.printf("evaluate only (dry run): %s items at %,.0f items/s (%.2f x write)%n", dry.get("evaluated"),
                evaluateRate, evaluateRate / writeRate);
        t0 = System.nanoTime();
        Map<String, Object> moved = await(hub, launcher.start(yearAhead, false, "bench"));
        double moveRate = rate(((Number) moved.get("recoverable")).longValue(), t0);
        System.out.printf("evaluate and move: %s items at %,.0f items/s (%.2f x write)%n", moved.get("recoverable"), moveRate,
                moveRate / writeRate);
        t0 = System.nanoTime();
        Map<String, Object> purged = await(hub, launcher.start(yearAhead.plus(Duration.ofDays(2)), false, "bench"));
        double purgeRate = rate(((Number) purged.get("purged")).longValue(), t0);
        System.out.printf("purge: %s items at %,.0f items/s (%.2f x write)%n", purged.get("purged"), purgeRate, purgeRate / writeRate);
        boolean ok = ((Number) moved.get("recoverable")).longValue() == count && ((Number) purged.get("purged")).longValue() == count;
        System.out.printf("retention: %,d items evaluated at %,.0f items/s, moved at %,.0f items/s (%.2f x the mailbox write "
                + "rate of %,.0f items/s), purged at %,.0f items/s (%.2f x); counts %s%n", count, evaluateRate, moveRate,
                moveRate / writeRate, writeRate, purgeRate, purgeRate / writeRate, ok ? "agree" : "DISAGREE " + moved + " " + purged);
        return ok ? 0 : 1;
    }

    private static Map<String, Object> await(ConfigurableApplicationContext hub, long execution) {
        JobRepository repository = hub.getBean(JobRepository.class);
        while (repository.getJobExecution(execution).isRunning()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (repository.getJobExecution(execution).getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("run failed: " + repository.getJobExecution(execution).getExitStatus());
        }
        return hub.getBean(RetentionRuns.class).report(execution);
    }

    private static double rate(long n, long t0) {
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
