package io.custodia.ediscovery.query;

/**
 * A query that does not parse: where (1-based character position), what was expected there and what
 * was found instead. The API answers it with HTTP 400.
 */
public class QuerySyntaxException extends RuntimeException {

    private final int position;
    private final String expected;
    private final String found;

    public QuerySyntaxException(int position, String expected, String found) {
        super("at position " + position + ": expected " + expected + ", found " + found);
        this.position = position;
        this.expected = expected;
        this.found = found;
    }

    public int position() {
        return position;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }
}
