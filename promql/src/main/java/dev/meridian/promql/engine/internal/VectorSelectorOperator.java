package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.StaleMarker;
import java.util.List;

/**
 * An instant vector selector. At each step it takes, per series, the latest sample at or before
 * the reference time, if that sample is no older than the lookback delta ({@code [ref - lookback,
 * ref]}, both ends included as in Prometheus 2.x) and is not a staleness marker.
 *
 * <p>In timestamp mode (for {@code timestamp(selector)}) it yields the sample's own timestamp in
 * seconds instead of its value.
 */
final class VectorSelectorOperator extends BaseOperator {
    private final SeriesSelection selection;
    private final TimeShift shift;
    private final boolean timestamps;
    private Cursor[] cursors;

    VectorSelectorOperator(StepGrid grid, QueryContext ctx, SeriesSelection selection, TimeShift shift, boolean timestamps) {
        super(grid, ctx);
        this.selection = requireNonNull(selection, "selection is null");
        this.shift = requireNonNull(shift, "shift is null");
        this.timestamps = timestamps;
    }

    @Override
    protected List<Labels> computeSeries() {
        return selection.labels();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        List<Series> series = selection.series();
        if (cursors == null) {
            cursors = new Cursor[series.size()];
        }
        long lookback = ctx.lookbackMillis();
        for (int s = 0; s < cursors.length; s++) {
            Cursor cursor = cursors[s];
            if (cursor == null) {
                cursor = new Cursor(series.get(s).iterator());
                cursors[s] = cursor;
            }
            for (StepVector step : batch) {
                long ref = shift.reference(step.timestamp());
                if (cursor.lookup(ref, lookback)) {
                    step.add(s, timestamps ? cursor.prevT / 1000.0 : cursor.prevV);
                }
            }
            ctx.countSamplesRead(cursor.takeSamplesRead());
            ctx.checkInterruptedOccasionally();
        }
    }

    @Override
    public void close() {
        cursors = null;
    }

    /** Finds the latest sample at or before a non-decreasing sequence of reference times. */
    static final class Cursor {
        private final SampleCursor samples;
        private boolean hasPrev;
        private long samplesRead;
        long prevT;
        double prevV;

        Cursor(SampleIterator it) {
            this.samples = new SampleCursor(it);
        }

        /** Positions at the latest sample {@code <= ref}; true if it is usable for {@code ref}. */
        boolean lookup(long ref, long lookback) {
            long min = ref - lookback;
            if (samples.hasNext() && samples.nextTimestamp() < min) {
                // Everything before min is out of reach for this and all later steps.
                hasPrev = false;
                samples.skipTo(min);
            }
            while (samples.hasNext() && samples.nextTimestamp() <= ref) {
                samplesRead++;
                hasPrev = true;
                prevT = samples.nextTimestamp();
                prevV = samples.nextValue();
                samples.advance();
            }
            return hasPrev && prevT >= min && !StaleMarker.isStale(prevV);
        }

        /** Samples passed since the last call. */
        long takeSamplesRead() {
            long n = samplesRead;
            samplesRead = 0;
            return n;
        }
    }
}
