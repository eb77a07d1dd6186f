package io.custodia.ops.cli;

/**
 * Exit codes of {@code java -jar custodia.jar job …}, for schedulers (cron, Control-M) to act on.
 * Documented in docs/operations.md; never renumber them.
 */
public final class ExitCodes {

    /** The command did what was asked; a followed execution COMPLETED. */
    public static final int OK = 0;
    /** A followed execution FAILED or was ABANDONED, or its node died under it. */
    public static final int FAILED = 1;
    /** Bad command line, or an unknown profile, job or execution. */
    public static final int USAGE = 2;
    /** The hub could not be reached, or answered with a server error. */
    public static final int UNREACHABLE = 3;
    /** A followed execution was STOPPED by an operator (restartable with {@code job restart}). */
    public static final int STOPPED = 4;
    /** The execution is still running ({@code status} of a running execution, or {@code --timeout} reached). */
    public static final int RUNNING = 5;
    /** The hub refused the credentials or the user lacks role OPERATOR / COMPLIANCE_ADMIN. */
    public static final int REFUSED = 6;
    /** The hub refused the operation in the current state: already running, already complete, not restartable. */
    public static final int CONFLICT = 7;

    private ExitCodes() {
    }

    /** The exit code for a job execution's batch status. */
    public static int forStatus(String status) {
        return switch (status) {
            case "COMPLETED" -> OK;
            case "STOPPED" -> STOPPED;
            case "STARTING", "STARTED", "STOPPING" -> RUNNING;
            default -> FAILED; // FAILED, ABANDONED, UNKNOWN
        };
    }
}
