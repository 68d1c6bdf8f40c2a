package dev.meridian.promql.engine.internal;

import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.StaleMarker;

/**
 * Slides a {@link Window} over one series for a non-decreasing sequence of windows
 * {@code [min, max]}, both ends included (Prometheus 2.x). Samples in the window count against the
 * query's sample budget.
 */
final class WindowCursor {
    private final SampleCursor samples;
    private final QueryContext ctx;
    private final boolean countReads;
    private final Window window = new Window();

    /** @param countReads whether samples entering the window count as read from storage */
    WindowCursor(SampleIterator it, QueryContext ctx, boolean countReads) {
        this.samples = new SampleCursor(it);
        this.ctx = ctx;
        this.countReads = countReads;
    }

    /** Moves the window to {@code [min, max]} and returns it. */
    Window slide(long min, long max) {
        ctx.releaseSamples(window.dropBefore(min));
        samples.skipTo(min);
        int added = 0;
        while (samples.hasNext() && samples.nextTimestamp() <= max) {
            double v = samples.nextValue();
            if (!StaleMarker.isStale(v)) {
                window.append(samples.nextTimestamp(), v);
                added++;
            }
            samples.advance();
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
