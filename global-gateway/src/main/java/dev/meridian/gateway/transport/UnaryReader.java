package dev.meridian.gateway.transport;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/** Reads the single message of a unary call and converts it. */
final class UnaryReader<M, T> implements ResponseReader<M, T> {
    private final Function<M, T> convert;
    private M message;

    UnaryReader(Function<M, T> convert) {
        this.convert = requireNonNull(convert, "convert is null");
    }

    @Override
    public void add(M next) {
        if (message != null) {
            throw new IllegalArgumentException("a unary call answered with more than one message");
        }
        message = next;
    }

    @Override
    public T finish(long wireBytes) {
        if (message == null) {
            throw new IllegalArgumentException("a unary call completed without a message");
        }
        return convert.apply(message);
    }
}
