package dev.meridian.promql.promqltest;

import static java.util.Objects.requireNonNull;

/** A failed evaluation: where it is, the query as run, and what went wrong. */
public record TestFailure(String file, int line, String query, String message) {
    public TestFailure {
        requireNonNull(file, "file is null");
        requireNonNull(query, "query is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + query + ": " + message;
    }
}
