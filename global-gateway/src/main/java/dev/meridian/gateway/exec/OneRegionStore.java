package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw series of one region, read synchronously through its store within a deadline: what
 * the gateway evaluates a pushdown's part over when the region's lookback delta differs from the
 * gateway's. Failures surface as {@link RegionException}s, as if the region had failed the query.
 */
final class OneRegionStore implements Queryable {
    private final RegionClient region;
    private final CallOptions options;
    private final long timeoutMillis;
    private final AtomicLong bytes = new AtomicLong();

    OneRegionStore(RegionClient region, CallOptions options, long timeoutMillis) {
        this.region = requireNonNull(region, "region is null");
        this.options = requireNonNull(options, "options is null");
        this.timeoutMillis = timeoutMillis;
    }

    /** Bytes the store answers took on the wire so far. */
    long bytes() {
        return bytes.get();
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new Querier() {
            @Override
            public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                StoreResult result = await(region.store(new StoreQuery(matchers, hints.start(), hints.end(), hints),
                        options));
                bytes.addAndGet(result.wireBytes());
                List<Series> series = new ArrayList<>(result.series().size());
                for (RangeSeries s : result.series()) {
                    series.add(new StoredSeries(s));
                }
                List<String> warnings = new ArrayList<>();
                for (String w : result.warnings()) {
                    warnings.add("region " + region.name() + ": " + w);
                }
                return SeriesSet.of(series, warnings);
            }

            @Override
            public List<String> labelNames(List<LabelMatcher> matchers) {
                return await(region.labelNames(List.of(matchers), mint, maxt, options)).items();
            }

            @Override
            public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                return await(region.labelValues(name, List.of(matchers), mint, maxt, options)).items();
            }

            @Override
            public void close() {}
        };
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(Math.max(options.remainingNanos(), 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RegionException(region.name(), RegionException.Kind.TIMEOUT,
                    "timeout after " + Durations.format(timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new RegionException(region.name(), RegionException.Kind.CANCELED, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new RegionException(region.name(), RegionException.Kind.INTERNAL, "", String.valueOf(e.getCause()),
                    e.getCause());
        }
    }
}
