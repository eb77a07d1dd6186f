package io.custodia.ops.jobs;

/** A job operation that cannot be done, with the reason an operator can act on. */
public class JobControlException extends RuntimeException {

    /** What kind of refusal: maps to the HTTP status and the command line's exit code. */
    public enum Kind {
        /** unknown profile, job or execution */
        NOT_FOUND,
        /** missing or malformed parameters */
        BAD_REQUEST,
        /** the state does not allow it: already running, already complete, not restartable, held elsewhere */
        CONFLICT
    }

    private final Kind kind;

    public JobControlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public JobControlException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static JobControlException notFound(String message) {
        return new JobControlException(Kind.NOT_FOUND, message);
    }

    public static JobControlException badRequest(String message) {
        return new JobControlException(Kind.BAD_REQUEST, message);
    }

    public static JobControlException conflict(String message) {
        return new JobControlException(Kind.CONFLICT, message);
    }
}
