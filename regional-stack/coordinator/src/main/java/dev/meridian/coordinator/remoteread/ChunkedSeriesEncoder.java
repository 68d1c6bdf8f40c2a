package dev.meridian.coordinator.remoteread;

import dev.meridian.promql.labels.Labels;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.proto.remote.ChunkedReadResponse;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.proto.remote.Label;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one series into the frames of a STREAMED_XOR_CHUNKS answer, as Prometheus'
 * {@code StreamChunkedReadResponses} does: the samples are cut into XOR chunks of at most {@link
 * XorChunkEncoder#MAX_SAMPLES} in time order, and the chunks go into {@code ChunkedReadResponse}
 * messages of one {@code ChunkedSeries} each (labels in label order, repeated in every frame of the
 * series), cut when the labels' and chunks' encoded size reaches {@code maxBytesInFrame}; each
 * message is framed by {@link ChunkedFrames}.
 *
 * <p>Prometheus stops counting after a series' first frame, so its later frames hold one chunk
 * each; here every frame is filled up to the size. Readers cannot tell the difference: they
 * concatenate a series' chunks across frames.
 *
 * <p>{@link #series} cuts the same chunks but returns them as one unframed {@code ChunkedSeries},
 * for the region service's Store, which never splits a series.
 */
public final class ChunkedSeriesEncoder {
    private ChunkedSeriesEncoder() {}

    /**
     * One series with all its samples as a single {@code ChunkedSeries}, unframed: its labels in
     * label order, then its samples cut into XOR chunks of at most {@link
     * XorChunkEncoder#MAX_SAMPLES} in time order. For answers that never split a series across
     * messages (the region service's Store); remote read uses {@link #frames}.
     *
     * @param timestamps strictly increasing in {@code [0, count)}
     * @param count samples {@code [0, count)} of the arrays are encoded; at least 1
     * @throws IllegalArgumentException if {@code count} is not positive or the timestamps do not
     *     increase strictly
     */
    public static ChunkedSeries series(Labels labels, long[] timestamps, double[] values, int count) {
        if (count <= 0 || count > timestamps.length || count > values.length) {
            throw new IllegalArgumentException("count must be in [1, " + Math.min(timestamps.length, values.length)
                    + "] (got: " + count + ")");
        }
        ChunkedSeries.Builder series = ChunkedSeries.newBuilder().addAllLabels(labels(labels));
        for (int from = 0; from < count; from += XorChunkEncoder.MAX_SAMPLES) {
            series.addChunks(XorChunkEncoder.encode(timestamps, values, from, Math.min(count, from + XorChunkEncoder.MAX_SAMPLES)));
        }
        return series.build();
    }

    /** The framed messages carrying {@code series} as the answer to query {@code queryIndex}. */
    static List<byte[]> frames(int queryIndex, SeriesSamples series, int maxBytesInFrame) {
        List<Label> labels = labels(series.labels());
        int labelBytes = 0;
        for (Label label : labels) {
            labelBytes += label.getSerializedSize();
        }
        List<byte[]> frames = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        long frameBytesLeft = (long) maxBytesInFrame - labelBytes;
        for (int from = 0; from < series.count(); from += XorChunkEncoder.MAX_SAMPLES) {
            int to = Math.min(series.count(), from + XorChunkEncoder.MAX_SAMPLES);
            Chunk chunk = XorChunkEncoder.encode(series.timestamps(), series.values(), from, to);
            chunks.add(chunk);
            frameBytesLeft -= chunk.getSerializedSize();
            if (frameBytesLeft > 0 && to < series.count()) {
                continue;
            }
            frames.add(ChunkedFrames.frame(ChunkedReadResponse.newBuilder()
                    .setQueryIndex(queryIndex)
                    .addChunkedSeries(ChunkedSeries.newBuilder().addAllLabels(labels).addAllChunks(chunks))
                    .build()
                    .toByteArray()));
            chunks.clear();
            frameBytesLeft = (long) maxBytesInFrame - labelBytes;
        }
        return frames;
    }

    private static List<Label> labels(Labels labels) {
        List<Label> out = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
        }
        return out;
    }
}
