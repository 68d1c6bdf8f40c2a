package dev.meridian.promql.engine.internal;

import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.StaleMarker;

/**
 * Slides a {@link Window} over one series for a non-decreasing sequence of windows
 * {@code [min, max]}, both ends included (Prometheus 2.x). Samples in the window count against the
 * query's sample budget.
 */
final class WindowCursor {
    private final SampleIterator it;
    private final QueryContext ctx;
    private final boolean countReads;
    private final Window window = new Window();
    private boolean hasNext;
    private long nextT;
    private double nextV;

    /** @param countReads whether samples entering the window count as read from storage */
    WindowCursor(SampleIterator it, QueryContext ctx, boolean countReads) {
        this.it = it;
        this.ctx = ctx;
        this.countReads = countReads;
        hasNext = it.next();
        load();
    }

    private void load() {
        if (hasNext) {
            nextT = it.timestamp();
            nextV = it.value();
        }
    }

    /** Moves the window to {@code [min, max]} and returns it. */
    Window slide(long min, long max) {
        ctx.releaseSamples(window.dropBefore(min));
        if (hasNext && nextT < min) {
            hasNext = it.seek(min);
            load();
        }
        int added = 0;
        while (hasNext && nextT <= max) {
            if (!StaleMarker.isStale(nextV)) {
                window.append(nextT, nextV);
                added++;
            }
            hasNext = it.next();
            load();
        }
        if (added > 0) {
            if (countReads) {
                ctx.countSamplesRead(added);
            }
            ctx.acquireSamples(added);
        }
        return window;
    }

    /** Releases the window's samples from the budget. */
    void release() {
        ctx.releaseSamples(window.clear());
    }
}
