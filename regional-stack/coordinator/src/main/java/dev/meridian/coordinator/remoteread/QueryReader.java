package dev.meridian.coordinator.remoteread;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.StorageException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the series of one {@link ReadQuery} from the storage, one at a time, in the storage's
 * label order, with their samples in {@code [start, end]} — trimmed here too, whatever the
 * storage returns — and charges each series and sample to the request's {@link ReadBudget}. Series
 * without a sample in the range are skipped (Prometheus' TSDB does not return them either). A query
 * without matchers selects nothing, as in Prometheus' TSDB.
 *
 * <p>Any failure of the storage, thrown while selecting or iterating, becomes {@link
 * RemoteReadErrorCode#STORAGE_FAILURE} carrying the storage's message; so do timestamps that do
 * not increase, which break the storage SPI's contract.
 */
final class QueryReader implements AutoCloseable {
    private final int index;
    private final ReadQuery query;
    private final ReadBudget budget;
    private final Querier querier;
    private final SeriesSet set;
    private long[] timestamps = new long[128];
    private double[] values = new double[128];

    /**
     * Opens the querier and selects.
     *
     * @param index the query's position in the request, for messages
     */
    QueryReader(Queryable storage, int index, ReadQuery query, ReadBudget budget) {
        requireNonNull(storage, "storage is null");
        this.index = index;
        this.query = requireNonNull(query, "query is null");
        this.budget = requireNonNull(budget, "budget is null");
        if (query.matchers().isEmpty()) {
            this.querier = null;
            this.set = SeriesSet.of(List.of());
            return;
        }
        Querier opened = null;
        try {
            opened = storage.querier(query.start(), query.end());
            this.set = opened.select(query.hints(), query.matchers());
        } catch (RuntimeException e) {
            if (opened != null) {
                closeQuietly(opened, e);
            }
            throw failure(e);
        }
        this.querier = opened;
    }

    /**
     * The next series with samples in the range, or null when there are no more. Its arrays are
     * this reader's scratch space, valid until the next call.
     */
    SeriesSamples next() {
        try {
            while (set.next()) {
                Series series = set.at();
                Labels labels = series.labels();
                int count = read(labels, series.iterator());
                if (count > 0) {
                    budget.chargeSeries(index);
                    return new SeriesSamples(labels, timestamps, values, count);
                }
            }
            return null;
        } catch (RemoteReadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** Reads the samples in range into the scratch arrays (the previous series' are overwritten). */
    private int read(Labels labels, SampleIterator it) {
        int count = 0;
        if (!it.seek(query.start())) {
            return 0;
        }
        do {
            long t = it.timestamp();
            if (t > query.end()) {
                break;
            }
            if (count > 0 && t <= timestamps[count - 1]) {
                throw new RemoteReadException(RemoteReadErrorCode.STORAGE_FAILURE, "query " + index + ": the storage returned "
                        + labels + " with timestamp " + t + " after " + timestamps[count - 1] + " (not in increasing order)");
            }
            budget.chargeSample(index);
            if (count == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            timestamps[count] = t;
            values[count] = it.value();
            count++;
        } while (it.next());
        return count;
    }

    private RemoteReadException failure(RuntimeException e) {
        if (e instanceof RemoteReadException r) {
            return r;
        }
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        if (!(e instanceof StorageException)) {
            message = "unexpected " + e.getClass().getSimpleName() + ": " + message;
        }
        return new RemoteReadException(RemoteReadErrorCode.STORAGE_FAILURE, "query " + index + ": " + message, e);
    }

    private static void closeQuietly(Querier querier, RuntimeException pending) {
        try {
            querier.close();
        } catch (RuntimeException e) {
            pending.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        if (querier == null) {
            return;
        }
        try {
            querier.close();
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }
}
