package dev.meridian.storage.head;

import java.util.function.Consumer;

/**
 * A block window the head no longer accepts samples for, with its series in label order: what a
 * block is written from. Reading it does not block writers; chunks come from the window's mapped
 * files, out-of-order samples merged in.
 */
public final class ClosedWindow {
    private final Head head;
    private final long start;
    private final long end;
    private final int tag;
    private final MemSeries[] series;

    ClosedWindow(Head head, long start, long end, int tag, MemSeries[] series) {
        this.head = head;
        this.start = start;
        this.end = end;
        this.tag = tag;
        this.series = series;
    }

    public long start() {
        return start;
    }

    /** Exclusive end. */
    public long end() {
        return end;
    }

    public int seriesCount() {
        return series.length;
    }

    /** Hands each series' data in the window to {@code consumer}, in label order. */
    public void forEach(Consumer<SeriesData> consumer) {
        for (MemSeries s : series) {
            SeriesData data = head.windowData(s, start, end, tag);
            if (!data.isEmpty()) {
                consumer.accept(data);
            }
        }
    }
}
