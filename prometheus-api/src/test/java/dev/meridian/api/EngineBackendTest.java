package dev.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.Vector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The region's backend: the engine with the API's limits over an in-memory region. */
class EngineBackendTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final FormParams NO_PARAMS = FormParams.of(null, null);
    private static final MetricMetadata UP = new MetricMetadata("up", MetricMetadata.Type.GAUGE, "Up.", "");
    private static final MetricMetadata LOAD = new MetricMetadata("node_load1", MetricMetadata.Type.GAUGE, "Load.", "");

    private final InMemoryStorage region = new InMemoryStorage();

    EngineBackendTest() {
        InMemoryStorage.Appender appender = region.appender();
        for (int i = 0; i <= 4; i++) {
            appender.add(Labels.of("__name__", "up", "job", "api", "instance", "a"), T0 + i * 15_000, 1);
            appender.add(Labels.of("__name__", "up", "job", "db", "instance", "b"), T0 + i * 15_000, 0);
            appender.add(Labels.of("__name__", "node_load1", "instance", "a"), T0 + i * 15_000, 0.5);
        }
        appender.commit();
    }

    private EngineBackend backend(ApiLimits limits) {
        return new EngineBackend(region, new Engine(EngineConfig.defaults()), limits, () -> List.of(UP, LOAD, UP));
    }

    private static QueryRequest instant(String query, long at) {
        return new QueryRequest(Parser.parse(query), at, at, 0, Duration.ofMinutes(1).toNanos(), NO_PARAMS);
    }

    private static MetadataRequest lookup(String... selectors) {
        return new MetadataRequest(java.util.Arrays.stream(selectors).map(Parser::parseMetricSelector).toList(), T0, T0 + 60_000,
                NO_PARAMS, () -> false);
    }

    @Test
    void runsInstantAndRangeQueries() {
        EngineBackend backend = backend(ApiLimits.DEFAULT);

        Answer<QueryOutcome> sum = backend.query(instant("sum(up)", T0 + 60_000)).execute();
        Answer<QueryOutcome> range = backend.query(
                new QueryRequest(Parser.parse("up"), T0, T0 + 60_000, 15_000, Duration.ofMinutes(1).toNanos(), NO_PARAMS)).execute();

        assertThat(((Vector) sum.value().value()).samples()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(1));
        assertThat(sum.value().samplesRead()).isPositive();
        assertThat(sum.warnings()).isEmpty();
        assertThat(sum.fields()).isEmpty();
        assertThat(((Matrix) range.value().value()).series()).hasSize(2)
                .allSatisfy(series -> assertThat(series.size()).isEqualTo(5));
    }

    @Test
    void appliesTheSeriesAndSampleLimits() {
        EngineBackend fewSeries = backend(new ApiLimits(2, 1_000_000, Duration.ofDays(1), Duration.ofMinutes(1)));
        EngineBackend fewSamples = backend(new ApiLimits(100, 3, Duration.ofDays(1), Duration.ofMinutes(1)));

        assertThatThrownBy(() -> fewSeries.query(instant("{instance=~\".+\"}", T0 + 60_000)).execute())
                .isInstanceOf(LimitExceededException.class).hasMessageStartingWith("query exceeded the limit max_series=2");
        assertThatThrownBy(() -> fewSeries.series(lookup("{instance=~\".+\"}")))
                .isInstanceOf(LimitExceededException.class).hasMessageStartingWith("query exceeded the limit max_series=2");
        assertThatThrownBy(() -> fewSamples.query(instant("up[1m]", T0 + 60_000)).execute())
                .isInstanceOf(PromqlException.class).hasMessageContaining("(limit: 3 samples)");
    }

    @Test
    void stopsAQueryCanceledBeforeItRuns() {
        PreparedQuery query = backend(ApiLimits.DEFAULT).query(instant("up", T0));

        query.cancel();

        assertThatThrownBy(query::execute).isInstanceOf(PromqlException.class)
                .satisfies(e -> assertThat(((PromqlException) e).code()).isEqualTo(ErrorCode.CANCELED));
    }

    @Test
    void looksUpSeriesLabelsAndValuesSortedWithoutDuplicates() {
        EngineBackend backend = backend(ApiLimits.DEFAULT);

        List<Labels> series = backend.series(lookup("up", "{job=\"api\"}", "node_load1")).value();
        List<String> allNames = backend.labelNames(lookup()).value();
        List<String> loadNames = backend.labelNames(lookup("node_load1")).value();
        List<String> instances = backend.labelValues("instance", lookup()).value();
        List<String> jobs = backend.labelValues("job", lookup("{job=\"db\"}")).value();

        assertThat(series).containsExactly(Labels.of("__name__", "node_load1", "instance", "a"),
                Labels.of("__name__", "up", "instance", "a", "job", "api"), Labels.of("__name__", "up", "instance", "b", "job", "db"));
        assertThat(allNames).containsExactly("__name__", "instance", "job");
        assertThat(loadNames).containsExactly("__name__", "instance");
        assertThat(instances).containsExactly("a", "b");
        assertThat(jobs).containsExactly("db");
    }

    @Test
    void stopsASeriesLookupOnceTheClientIsGone() {
        MetadataRequest canceled = new MetadataRequest(List.of(List.of(LabelMatcher.equal("__name__", "up"))), T0, T0, NO_PARAMS,
                () -> true);

        assertThatThrownBy(() -> backend(ApiLimits.DEFAULT).series(canceled)).isInstanceOf(ApiException.class)
                .hasMessage("query was canceled in series lookup")
                .satisfies(e -> assertThat(((ApiException) e).type()).isEqualTo(ApiErrorType.CANCELED));
    }

    @Test
    void listsTheMetadataOfOneFamilyOrAll() {
        EngineBackend backend = backend(ApiLimits.DEFAULT);

        assertThat(backend.metadata("").value()).containsExactly(UP, LOAD, UP);
        assertThat(backend.metadata("up").value()).containsExactly(UP, UP);
        assertThat(backend.metadata("nope").value()).isEmpty();
    }
}
