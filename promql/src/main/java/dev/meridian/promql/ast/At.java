package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * The {@code @} modifier: pins the evaluation time of a selector or subquery to a timestamp, or to
 * the start or end of the query ({@code @ start()}, {@code @ end()}).
 *
 * @param kind which form was written
 * @param timestampMillis the pinned time for {@link Kind#TIMESTAMP}, otherwise 0
 */
public record At(Kind kind, long timestampMillis) {
    public enum Kind {
        TIMESTAMP,
        START,
        END
    }

    public At {
        requireNonNull(kind, "kind is null");
        if (kind != Kind.TIMESTAMP && timestampMillis != 0) {
            throw new IllegalArgumentException("@ " + kind + " carries no timestamp");
        }
    }

    public static At timestamp(long millis) {
        return new At(Kind.TIMESTAMP, millis);
    }

    public static final At START = new At(Kind.START, 0);
    public static final At END = new At(Kind.END, 0);

    /** The pinned time for a query that runs from {@code start} to {@code end}. */
    public long resolve(long start, long end) {
        return switch (kind) {
            case TIMESTAMP -> timestampMillis;
            case START -> start;
            case END -> end;
        };
    }
}
