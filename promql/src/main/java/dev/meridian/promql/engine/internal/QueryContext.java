package dev.meridian.promql.engine.internal;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * State shared by the operators of one query: the deadline and cancellation flag, the sample
 * budget, and warnings for the result.
 *
 * <p>The budget counts samples the query holds in memory at once: samples in range windows and
 * materialized subqueries, and points of the result being built. It is Prometheus'
 * {@code --query.max-samples}.
 */
public final class QueryContext {
    private final long deadlineNanos;
    private final long maxSamples;
    private final long lookbackMillis;
    private final long defaultSubqueryStepMillis;
    private final int batchSize;
    private final Set<String> warnings = new LinkedHashSet<>();
    private volatile boolean canceled;
    private long samplesInMemory;
    private long peakSamples;
    private long samplesRead;
    private int checks;

    public QueryContext(long timeoutNanos, long maxSamples, long lookbackMillis, long defaultSubqueryStepMillis, int batchSize) {
        long now = System.nanoTime();
        this.deadlineNanos = timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
        this.maxSamples = maxSamples;
        this.lookbackMillis = lookbackMillis;
        this.defaultSubqueryStepMillis = defaultSubqueryStepMillis;
        this.batchSize = batchSize;
    }

    public long lookbackMillis() {
        return lookbackMillis;
    }

    public long defaultSubqueryStepMillis() {
        return defaultSubqueryStepMillis;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Asks the running query to stop; it fails with {@link ErrorCode#CANCELED} at its next check. */
    public void cancel() {
        canceled = true;
    }

    /** Throws if the query was canceled or is past its deadline. Cheap enough to call per batch. */
    public void checkInterrupted() {
        if (canceled) {
            throw new PromqlException(ErrorCode.CANCELED, "query was canceled in expression evaluation");
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new PromqlException(ErrorCode.TIMEOUT, "query timed out in expression evaluation");
        }
    }

    /** Like {@link #checkInterrupted()}, but only looks at the clock every 256 calls. */
    public void checkInterruptedOccasionally() {
        if ((++checks & 0xff) == 0) {
            checkInterrupted();
        }
    }

    /** Takes {@code n} samples from the budget. */
    public void acquireSamples(long n) {
        samplesInMemory += n;
        if (samplesInMemory > maxSamples) {
            throw new PromqlException(ErrorCode.TOO_MANY_SAMPLES,
                    "query processing would load too many samples into memory in query execution (limit: "
                            + maxSamples + " samples)");
        }
        if (samplesInMemory > peakSamples) {
            peakSamples = samplesInMemory;
        }
    }

    /** Returns {@code n} samples to the budget. */
    public void releaseSamples(long n) {
        samplesInMemory -= n;
    }

    /** Counts samples read from storage, for statistics. */
    public void countSamplesRead(long n) {
        samplesRead += n;
    }

    public long peakSamples() {
        return peakSamples;
    }

    public long samplesRead() {
        return samplesRead;
    }

    public void addWarnings(List<String> more) {
        warnings.addAll(more);
    }

    public List<String> warnings() {
        return new ArrayList<>(warnings);
    }
}
