package io.custodia.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.custodia.ops.cli.ExitCodes;
import io.custodia.ops.cli.JobCommand;

/**
 * {@code java -jar custodia.jar job …} against a running hub: what operators see and the exit codes a
 * scheduler acts on — completed, failed, stopped, still running, usage, unreachable hub, refused
 * credentials, refused in this state — and that the password never shows.
 */
@OpsHubTest
class JobCommandTest {

    private static final String PASSWORD = "operator-secret";

    @LocalServerPort
    int port;

    record Run(int exit, String out, String err) {
    }

    private Run job(boolean terminal, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = JobCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
        return run;
    }

    private Run job(String... args) {
        return job(false, operatorEnv(), args);
    }

    private Map<String, String> operatorEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("CUSTODIA_URL", "http://127.0.0.1:" + port);
        env.put("CUSTODIA_USER", "operator");
        env.put("CUSTODIA_PASSWORD", PASSWORD);
        return env;
    }

    @Test
    void listShowsJobsAndProfiles() {
        Run r = job("list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ingest", "sleepy", "ingest-catch-up", "sleepy-daily", "day=<date> required");
    }

    @Test
    void startFollowsToTheEndWithPlainProgressLinesAndExitsByStatus() {
        Run ok = job("start", "sleepy-quick", "items=30", "--interval=PT0S");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("Started sleepy #", "read=", "written=", "rate=")
                .containsPattern("sleepy #\\d+ COMPLETED in \\d+:\\d\\d — read 30, written 30, skipped 0");
        assertThat(ok.out()).doesNotContain("\r");

        Run failed = job("start", "sleepy-fail");
        assertThat(failed.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.out()).contains("FAILED", "item 7 fails on purpose");

        long id = Long.parseLong(failed.out().replaceAll("(?s).*Started sleepy #(\\d+).*", "$1"));
        assertThat(job("status", String.valueOf(id)).exit()).isEqualTo(ExitCodes.FAILED);
        Run history = job("history", "sleepy", "-n", "50");
        assertThat(history.exit()).isZero();
        assertThat(history.out()).contains("EXEC", String.valueOf(id), "FAILED");
    }

    @Test
    void onATerminalTheProgressLineIsRedrawnWithABarAndEta() {
        Run r = job(true, operatorEnv(), "start", "sleepy-quick", "items=60", "sleepMillis=20");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\rsleepy #").containsPattern("\\[#*-*\\] +\\d+%").contains("ETA ", "/s");
    }

    @Test
    void stopWaitExitsStoppedAndTimeoutExitsRunning() {
        Run detached = job("start", "sleepy-slow", "--detach");
        assertThat(detached.exit()).isZero();
        long id = Long.parseLong(detached.out().replaceAll("(?s).*Started sleepy #(\\d+).*", "$1"));
        Run watching = job("status", String.valueOf(id), "--follow", "--interval=PT1S");
        // --follow without timeout would wait to the end: use start's --timeout on a fresh run instead
        assertThat(watching.exit()).isIn(ExitCodes.OK, ExitCodes.STOPPED);

        Run timedOut = job("start", "sleepy-slow", "--timeout=PT2S");
        assertThat(timedOut.exit()).as(timedOut.out() + timedOut.err()).isEqualTo(ExitCodes.RUNNING);
        assertThat(timedOut.err()).contains("still running after PT2S");
        long running = Long.parseLong(timedOut.out().replaceAll("(?s).*Started sleepy #(\\d+).*", "$1"));
        assertThat(job("status", String.valueOf(running)).exit()).isEqualTo(ExitCodes.RUNNING);
        Run stopped = job("stop", String.valueOf(running), "--wait");
        assertThat(stopped.exit()).as(stopped.out() + stopped.err()).isEqualTo(ExitCodes.STOPPED);
        assertThat(job("stop", String.valueOf(running)).exit()).isEqualTo(ExitCodes.CONFLICT);
        Run restarted = job("restart", String.valueOf(running));
        assertThat(restarted.exit()).as(restarted.out() + restarted.err()).isEqualTo(ExitCodes.OK);
        assertThat(restarted.out()).contains("Restarted sleepy #" + running + " as #");
    }

    @Test
    void usageUnknownNamesConflictsCredentialsAndUnreachableHubHaveTheirCodes() {
        assertThat(job().exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(job("start").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(job("start", "sleepy-quick", "items").exit()).isEqualTo(ExitCodes.USAGE);
        Run unknown = job("start", "no-such-profile");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no profile or job named 'no-such-profile'");
        assertThat(job("status", "987654321").exit()).isEqualTo(ExitCodes.USAGE);

        assertThat(job("start", "sleepy-daily", "day=2026-04-01").exit()).isZero();
        Run again = job("start", "sleepy-daily", "day=2026-04-01");
        assertThat(again.exit()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(again.err()).contains("already completed");

        Map<String, String> wrongPassword = operatorEnv();
        wrongPassword.put("CUSTODIA_PASSWORD", "not-the-password");
        Run refused = job(false, wrongPassword, "list");
        assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("refused the credentials of user operator").doesNotContain("not-the-password");
        Map<String, String> auditor = operatorEnv();
        auditor.put("CUSTODIA_USER", "auditor");
        auditor.put("CUSTODIA_PASSWORD", "auditor-secret");
        assertThat(job(false, auditor, "list").err()).contains("needs role OPERATOR or COMPLIANCE_ADMIN");
        Map<String, String> nobody = operatorEnv();
        nobody.remove("CUSTODIA_USER");
        nobody.remove("CUSTODIA_PASSWORD");
        assertThat(job(false, nobody, "list").exit()).isEqualTo(ExitCodes.REFUSED);

        Run unreachable = job("--url", "http://127.0.0.1:9", "list");
        assertThat(unreachable.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err()).contains("hub http://127.0.0.1:9 unreachable");
    }

    @Test
    void thePasswordCanComeFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, PASSWORD + "\n");
        Map<String, String> env = operatorEnv();
        env.remove("CUSTODIA_PASSWORD");
        Run r = job(false, env, "--password-file", file.toString(), "status");
        assertThat(r.exit()).as(r.err()).isZero();
    }
}
