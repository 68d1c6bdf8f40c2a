package dev.meridian.gateway.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a range query's steps into cache windows.
 *
 * <p>A range query {@code start..end by step} evaluates at the steps {@code start + k * step}
 * ({@code k >= 0}, up to {@code end}). Window {@code w} holds the steps t with {@code floor(t /
 * interval) == w}, so windows are aligned to multiples of the interval in absolute time, not to
 * the query: two queries with the same step and the same {@code start mod step} evaluate the
 * same instants in every window they share, whatever their start. Only windows holding at least
 * one step are listed (with a step longer than the interval some windows hold none).
 */
final class QueryWindows {
    /** The steps {@code firstStep..lastStep} (inclusive, on the query's grid) of window {@code index}. */
    record Window(long index, long firstStep, long lastStep) {}

    private QueryWindows() {}

    /**
     * The windows of the query's steps, in time order.
     *
     * @throws ArithmeticException if the times are so close to the ends of the long range that the
     *     window bounds overflow (the caller then does not cache)
     */
    static List<Window> split(long start, long end, long step, long interval) {
        if (step <= 0 || interval <= 0 || end < start) {
            throw new IllegalArgumentException("need step > 0, interval > 0 and start <= end (got: step " + step
                    + ", interval " + interval + ", " + start + ".." + end + ")");
        }
        long lastStep = Math.addExact(start, Math.multiplyExact(Math.subtractExact(end, start) / step, step));
        List<Window> windows = new ArrayList<>();
        long t = start;
        while (true) {
            long index = Math.floorDiv(t, interval);
            long windowEnd = Math.subtractExact(Math.multiplyExact(Math.addExact(index, 1), interval), 1);
            long last = Math.min(lastStep, Math.addExact(t, Math.multiplyExact((windowEnd - t) / step, step)));
            windows.add(new Window(index, t, last));
            if (last == lastStep) {
                return windows;
            }
            t = last + step;
        }
    }
}
