package dev.meridian.promql.engine.internal;

/**
 * The evaluation times of an operator: {@code start, start+step, ..., end} (milliseconds), handed
 * out in batches of at most {@code batchSize} consecutive steps. An instant query is a grid of
 * one step. Every operator of one grid cuts its batches at the same steps, so binary operators can
 * zip their operands' batches.
 */
public record StepGrid(long start, long end, long step, int batchSize) {
    public StepGrid {
        if (step <= 0) {
            throw new IllegalArgumentException("step must be > 0 (got: " + step + "ms)");
        }
        if (end < start) {
            throw new IllegalArgumentException("end must not be before start (got: " + start + ".." + end + ")");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0 (got: " + batchSize + ")");
        }
        if ((end - start) / step >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many steps: " + start + ".." + end + " by " + step + "ms");
        }
    }

    public static StepGrid instant(long time, int batchSize) {
        return new StepGrid(time, time, 1, batchSize);
    }

    public int steps() {
        return (int) ((end - start) / step) + 1;
    }

    public long time(int index) {
        return start + index * step;
    }

    public boolean isInstant() {
        return start == end;
    }
}
