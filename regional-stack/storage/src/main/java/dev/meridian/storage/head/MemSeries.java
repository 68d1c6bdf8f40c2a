package dev.meridian.storage.head;

import dev.meridian.storage.chunk.ChunkAppender;
import dev.meridian.storage.series.SeriesLabels;
import java.util.Arrays;

/**
 * One series in the head: its identity, its open chunk on the heap, and references to its sealed
 * chunks in the head chunk files (off-heap). Every field but {@link #ref} and {@link #labels} is
 * guarded by the object's monitor; the head appends, seals and reads under {@code
 * synchronized (series)}.
 *
 * <p>Memory is the point of this class: a node holds hundreds of thousands of these, so it keeps
 * only primitives and the few references it cannot do without. A sealed chunk costs one {@code
 * long} here (its {@linkplain HeadChunkRef reference}); its time range is read from the mapped
 * chunk header when a query needs it.
 */
public final class MemSeries {
    private static final long[] NO_CHUNKS = new long[0];

    final int ref;
    final SeriesLabels labels;
    /**
     * Clock time the series entered the head through a write; {@code Long.MIN_VALUE} when it came
     * from recovery. Garbage collection spares a series for a block duration after this, so one
     * just created is not collected before its first sample is appended.
     */
    final long createdAt;

    /** The chunk being appended to, or null. Its window is {@code blockStart(open.minTime())}. */
    ChunkAppender open;
    /** Sealed chunk references in time order; the first {@link #sealedCount} are used. */
    long[] sealed = NO_CHUNKS;
    int sealedCount;
    /** Timestamp and value bits of the newest in-order sample; {@code Long.MIN_VALUE} if none. */
    long lastTime = Long.MIN_VALUE;
    long lastValueBits;
    /** Samples that arrived older than {@link #lastTime}; null while there are none. */
    OutOfOrderBuffer outOfOrder;
    /** Set when garbage collection removed the series; writers that still hold it look it up again. */
    boolean removed;

    MemSeries(int ref, SeriesLabels labels, long createdAt) {
        this.ref = ref;
        this.labels = labels;
        this.createdAt = createdAt;
    }

    public int ref() {
        return ref;
    }

    public SeriesLabels labels() {
        return labels;
    }

    void addSealed(long chunkRef) {
        if (sealedCount == sealed.length) {
            sealed = Arrays.copyOf(sealed, Math.max(4, sealedCount * 2));
        }
        sealed[sealedCount++] = chunkRef;
    }

    /** Removes the sealed chunks of the window with {@code tag}; they are a prefix of the list. */
    int dropSealed(int windowTag) {
        int n = 0;
        while (n < sealedCount && HeadChunkRef.windowTag(sealed[n]) == windowTag) {
            n++;
        }
        if (n > 0) {
            System.arraycopy(sealed, n, sealed, 0, sealedCount - n);
            sealedCount -= n;
            Arrays.fill(sealed, sealedCount, sealedCount + n, 0);
            if (sealedCount == 0) {
                sealed = NO_CHUNKS;
            }
        }
        return n;
    }

    /** True if the series holds no samples in the head. */
    boolean empty() {
        return open == null && sealedCount == 0 && (outOfOrder == null || outOfOrder.size() == 0);
    }

    /** Heap bytes of this series' own objects (not the shared maps and index). */
    long retainedBytes() {
        long bytes = 64 + 16 + 8L * sealed.length;
        if (open != null) {
            bytes += open.retainedBytes();
        }
        if (outOfOrder != null) {
            bytes += outOfOrder.retainedBytes();
        }
        return bytes;
    }
}
