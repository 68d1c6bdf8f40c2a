package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.ArraySampleIterator;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.value.RangeSeries;

/** A raw series a region's store returned, as the engine reads series. */
final class StoredSeries implements Series {
    private final RangeSeries series;
    private long[] timestamps;
    private double[] values;

    StoredSeries(RangeSeries series) {
        this.series = requireNonNull(series, "series is null");
    }

    @Override
    public Labels labels() {
        return series.labels();
    }

    @Override
    public SampleIterator iterator() {
        if (timestamps == null) {
            long[] ts = new long[series.size()];
            double[] vs = new double[series.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = series.timestamp(i);
                vs[i] = series.value(i);
            }
            values = vs;
            timestamps = ts;
        }
        return new ArraySampleIterator(timestamps, values);
    }
}
