package dev.meridian.coordinator.region;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.MessageLite;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects the series of a streamed answer into messages within {@link MessageLimits}: {@link
 * #add} hands the collected series to {@code send} first when the new one would make them too
 * many or too large, so no message passes the limits unless one series alone does; {@link
 * #remaining} gives what is left for the final message. Not thread-safe.
 *
 * @param <T> the message type of one series ({@code SeriesPoints}, {@code ChunkedSeries}, {@code LabelSet})
 */
final class SeriesBatcher<T extends MessageLite> {
    private final MessageLimits limits;
    private final Consumer<List<T>> send;
    private List<T> pending = new ArrayList<>();
    private long pendingBytes;
    private long total;

    /** @param send sends one full message's series */
    SeriesBatcher(MessageLimits limits, Consumer<List<T>> send) {
        this.limits = requireNonNull(limits, "limits is null");
        this.send = requireNonNull(send, "send is null");
    }

    void add(T series) {
        // A message field costs a tag and a length prefix besides the series: at most 6 bytes.
        long size = series.getSerializedSize() + 6L;
        if (!pending.isEmpty() && (pending.size() >= limits.maxSeries() || pendingBytes + size > limits.maxBytes())) {
            List<T> full = pending;
            pending = new ArrayList<>();
            pendingBytes = 0;
            send.accept(full);
        }
        pending.add(series);
        pendingBytes += size;
        total++;
    }

    /** The series not sent yet, for the final message. */
    List<T> remaining() {
        return pending;
    }

    /** Series added so far. */
    long total() {
        return total;
    }
}
