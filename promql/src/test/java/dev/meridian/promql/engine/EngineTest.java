package dev.meridian.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.StringValue;
import dev.meridian.promql.value.Vector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final long MINUTE = 60_000;

    private final Engine engine = new Engine(EngineConfig.defaults());

    /** Two counters sampled every 15s for an hour, plus a gauge that goes stale at 30m. */
    private static InMemoryStorage sampleData() {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryStorage.Appender a = storage.appender();
        for (long t = 0; t <= 60 * MINUTE; t += 15_000) {
            a.add(Labels.of("__name__", "requests_total", "job", "api", "instance", "a"), t, t / 1000.0);
            a.add(Labels.of("__name__", "requests_total", "job", "api", "instance", "b"), t, 2 * t / 1000.0);
            if (t < 30 * MINUTE) {
                a.add(Labels.of("__name__", "temperature", "room", "x"), t, 20);
            } else if (t == 30 * MINUTE) {
                a.add(Labels.of("__name__", "temperature", "room", "x"), t, StaleMarker.VALUE);
            }
        }
        a.commit();
        return storage;
    }

    @Test
    void rangeQueryReturnsSortedSeriesWithPointsAtEveryStep() {
        Matrix m = (Matrix) engine.rangeQuery(sampleData(), "rate(requests_total[5m])", 10 * MINUTE, 20 * MINUTE, MINUTE)
                .execute().value();
        assertThat(m.series()).extracting(RangeSeries::labels).containsExactly(
                Labels.of("instance", "a", "job", "api"), Labels.of("instance", "b", "job", "api"));
        RangeSeries b = m.series().get(1);
        assertThat(b.size()).isEqualTo(11);
        for (int i = 0; i < b.size(); i++) {
            assertThat(b.timestamp(i)).isEqualTo(10 * MINUTE + i * MINUTE);
            assertThat(b.value(i)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void staleMarkerEndsASeriesInstantly() {
        Matrix m = (Matrix) engine.rangeQuery(sampleData(), "temperature", 28 * MINUTE, 32 * MINUTE, MINUTE)
                .execute().value();
        RangeSeries series = m.series().get(0);
        assertThat(series.size()).isEqualTo(2); // 28m and 29m; from 30m on the marker hides it.
        assertThat(series.timestamp(1)).isEqualTo(29 * MINUTE);
    }

    @Test
    void instantQueriesReturnEachValueType() {
        InMemoryStorage data = sampleData();
        assertThat(engine.instantQuery(data, "1 + 2", MINUTE).execute().value()).isEqualTo(new Scalar(MINUTE, 3));
        assertThat(engine.instantQuery(data, "\"hello\"", MINUTE).execute().value())
                .isEqualTo(new StringValue(MINUTE, "hello"));
        Vector v = (Vector) engine.instantQuery(data, "requests_total", MINUTE).execute().value();
        assertThat(v.samples()).hasSize(2);
        assertThat(v.samples().get(0).timestamp()).isEqualTo(MINUTE);
        Matrix raw = (Matrix) engine.instantQuery(data, "requests_total{instance=\"a\"}[1m]", 2 * MINUTE).execute().value();
        RangeSeries series = raw.series().get(0);
        // Both ends included: 60s, 75s, 90s, 105s, 120s.
        assertThat(series.size()).isEqualTo(5);
        assertThat(series.labels().metricName()).isEqualTo("requests_total");
    }

    @Test
    void rangeQueryRejectsBadArguments() {
        InMemoryStorage data = sampleData();
        assertThatThrownBy(() -> engine.rangeQuery(data, "up", 0, MINUTE, 0))
                .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("step");
        assertThatThrownBy(() -> engine.rangeQuery(data, "up", MINUTE, 0, 1000))
                .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("end timestamp must not be before start time");
        assertThatThrownBy(() -> engine.rangeQuery(data, "up[5m]", 0, MINUTE, 1000))
                .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
    }

    @Test
    void evaluationErrorsCarryTheExecutionCode() {
        InMemoryStorage data = sampleData();
        assertThatThrownBy(() -> engine.instantQuery(data, "requests_total + on(job) requests_total", MINUTE).execute())
                .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION))
                .hasMessageContaining("found duplicate series for the match group {job=\"api\"} on the right hand-side");
        assertThatThrownBy(() -> engine.instantQuery(data, "holt_winters(requests_total[5m], 2, 0.5)", MINUTE).execute())
                .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION))
                .hasMessageContaining("invalid smoothing factor");
    }

    @Test
    void maxSamplesLimitsWhatAQueryHoldsInMemory() {
        Engine limited = new Engine(EngineConfig.builder().maxSamples(100).build());
        InMemoryStorage data = sampleData();
        // Two series x 41 samples in the window fit; the whole hour does not.
        assertThat(((Vector) limited.instantQuery(data, "count_over_time(requests_total[10m])", 30 * MINUTE)
                .execute().value()).samples()).hasSize(2);
        assertThatThrownBy(() -> limited.instantQuery(data, "count_over_time(requests_total[1h])", 60 * MINUTE).execute())
                .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_SAMPLES))
                .hasMessageContaining("too many samples");
        // A long range query's result counts too.
        assertThatThrownBy(() -> limited.rangeQuery(data, "requests_total", 0, 60 * MINUTE, 15_000).execute())
                .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_SAMPLES));
    }

    @Test
    void queryFailsWithTimeoutWhenStorageIsTooSlow() {
        Engine impatient = new Engine(EngineConfig.builder().timeout(Duration.ofMillis(50)).build());
        assertThatThrownBy(() -> impatient.rangeQuery(new SlowStorage(null), "sum(slow)", 0, 100 * MINUTE, 1000).execute())
                .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessage("query timed out in expression evaluation");
    }

    @Test
    void cancelStopsARunningQuery() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Query query = engine.rangeQuery(new SlowStorage(started), "sum(slow)", 0, 100 * MINUTE, 1000);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<QueryResult> result = executor.submit(query::execute);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            query.cancel();
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PromqlException.class)
                    .cause()
                    .satisfies(e -> assertThat(((PromqlException) e).code()).isEqualTo(ErrorCode.CANCELED));
        } finally {
            executor.shutdownNow();
        }
    }

    /** A querier whose metadata is empty; tests override {@link #select}. */
    private abstract static class FakeQuerier implements Querier {
        @Override
        public List<String> labelNames(List<LabelMatcher> matchers) {
            return List.of();
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
            return List.of();
        }

        @Override
        public void close() {}
    }

    @Test
    void storageWarningsReachTheResult() {
        Queryable warning = (mint, maxt) -> new FakeQuerier() {
            @Override
            public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                return new SeriesSet() {
                    @Override
                    public boolean next() {
                        return false;
                    }

                    @Override
                    public Series at() {
                        throw new IllegalStateException();
                    }

                    @Override
                    public List<String> warnings() {
                        return List.of("region eu-1 did not answer");
                    }
                };
            }
        };
        QueryResult result = engine.instantQuery(warning, "up", MINUTE).execute();
        assertThat(result.warnings()).containsExactly("region eu-1 did not answer");
    }

    @Test
    void querierCoversExactlyTheTimeRangeSelectorsRead() {
        List<long[]> opened = new ArrayList<>();
        InMemoryStorage data = sampleData();
        Queryable recording = (mint, maxt) -> {
            opened.add(new long[] {mint, maxt});
            return data.querier(mint, maxt);
        };
        engine.rangeQuery(recording, "rate(requests_total[5m] offset 10m) + requests_total @ 100", 30 * MINUTE, 40 * MINUTE, MINUTE)
                .execute();
        assertThat(opened).hasSize(1);
        // rate reads [30m-10m-5m, 40m-10m]; the pinned selector reads [100s-5m, 100s].
        assertThat(opened.get(0)).containsExactly(100_000 - 5 * MINUTE, 30 * MINUTE);
    }

    @Test
    void selectHintsNameTheConsumingFunctionAndGrouping() {
        List<SelectHints> hints = new ArrayList<>();
        InMemoryStorage data = sampleData();
        Queryable recording = (mint, maxt) -> new FakeQuerier() {
            @Override
            public SeriesSet select(SelectHints h, List<LabelMatcher> matchers) {
                hints.add(h);
                try (Querier q = data.querier(mint, maxt)) {
                    return q.select(h, matchers);
                }
            }
        };
        engine.rangeQuery(recording, "sum by (job) (requests_total) + rate(requests_total[5m]) + temperature",
                10 * MINUTE, 20 * MINUTE, MINUTE).execute();
        assertThat(hints).extracting(SelectHints::function, SelectHints::grouping, SelectHints::by, SelectHints::range,
                SelectHints::step).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sum", List.of("job"), true, 0L, MINUTE),
                org.assertj.core.groups.Tuple.tuple("rate", List.of(), false, 5 * MINUTE, MINUTE),
                org.assertj.core.groups.Tuple.tuple("", List.of(), false, 0L, MINUTE));
    }

    /** One series whose iterator takes 1ms per sample, for timeout and cancellation tests. */
    private record SlowStorage(CountDownLatch started) implements Queryable {
        @Override
        public Querier querier(long mint, long maxt) {
            return new FakeQuerier() {
                @Override
                public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                    Series series = new Series() {
                        @Override
                        public Labels labels() {
                            return Labels.of("__name__", "slow");
                        }

                        @Override
                        public SampleIterator iterator() {
                            return new SampleIterator() {
                                private long t = -1000;

                                @Override
                                public boolean next() {
                                    if (started != null) {
                                        started.countDown();
                                    }
                                    try {
                                        Thread.sleep(1);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    t += 1000;
                                    return true;
                                }

                                @Override
                                public boolean seek(long target) {
                                    while (t < target) {
                                        next();
                                    }
                                    return true;
                                }

                                @Override
                                public long timestamp() {
                                    return t;
                                }

                                @Override
                                public double value() {
                                    return 1;
                                }
                            };
                        }
                    };
                    return SeriesSet.of(List.of(series));
                }
            };
        }
    }
}
