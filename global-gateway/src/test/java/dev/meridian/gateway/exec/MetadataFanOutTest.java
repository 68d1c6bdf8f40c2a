package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataFanOutTest {
    private static final long FROM = EquivalenceData.START;
    private static final long TO = EquivalenceData.END;
    private static final QueryPolicy WARN = QueryPolicy.warn(Duration.ofSeconds(10));

    private ExecutorService executor;
    private List<InMemoryRegion> regions;
    private DistributedEngine gateway;

    @BeforeEach
    void setUp() {
        executor = Executors.newFixedThreadPool(2);
        regions = EquivalenceData.regions(EngineConfig.defaults());
        gateway = new DistributedEngine(List.copyOf(regions), new Engine(EngineConfig.defaults()), executor);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private static List<List<LabelMatcher>> matchers(String selector) {
        return List.of(Parser.parseMetricSelector(selector));
    }

    @Test
    void labelValuesAreMergedSortedAndUnique() {
        GatewayListing<String> jobs = gateway.labelValues("job", List.of(), FROM, TO, WARN);
        assertThat(jobs.items()).containsExactly("api", "batch", "cron", "db", "node", "web");
        GatewayListing<String> regionNames = gateway.labelValues("region", List.of(), FROM, TO, WARN);
        assertThat(regionNames.items()).containsExactly("ap-south", "eu-west", "us-east");
        assertThat(regionNames.coverage().regions()).allSatisfy(c -> assertThat(c.status()).isEqualTo(RegionStatus.OK));
    }

    @Test
    void labelNamesAndSeriesArePrunedByExternalLabels() {
        GatewayListing<String> names = gateway.labelNames(matchers("up{region=\"eu-west\"}"), FROM, TO, WARN);
        assertThat(names.items()).containsExactly("__name__", "instance", "job", "provider", "region");
        assertThat(regions.get(1).metadataCalls()).isZero();
        assertThat(names.coverage().of("us-east").status()).isEqualTo(RegionStatus.SKIPPED);

        GatewayListing<Labels> series = gateway.series(matchers("build_info{job=\"db\"}"), FROM, TO, WARN);
        assertThat(series.items()).isSortedAccordingTo(Labels::compareTo).hasSize(4);
        assertThat(series.items()).extracting(l -> l.get("region"))
                .containsExactly("ap-south", "ap-south", "us-east", "us-east");
    }

    @Test
    void metadataIsMergedByFamily() {
        GatewayListing<Metadata> all = gateway.metadata("", WARN);
        assertThat(all.items()).extracting(Metadata::family)
                .containsExactly("db_queries_total", "http_requests_total", "node_temperature_celsius");
        assertThat(gateway.metadata("http_requests_total", WARN).items()).hasSize(1);
    }

    @Test
    void failuresFollowThePolicy() {
        regions.get(2).failWith(RegionException.Kind.UNAVAILABLE);
        GatewayListing<String> jobs = gateway.labelValues("job", List.of(), FROM, TO, WARN);
        assertThat(jobs.items()).containsExactly("api", "batch", "cron", "db", "node", "web");
        assertThat(jobs.warnings()).containsExactly("region ap-south: injected unavailable (partial response)");
        assertThat(jobs.coverage().of("ap-south").status()).isEqualTo(RegionStatus.UNAVAILABLE);

        assertThatThrownBy(() -> gateway.labelNames(List.of(), FROM, TO, QueryPolicy.abort(Duration.ofSeconds(10))))
                .isInstanceOfSatisfying(GatewayQueryException.class,
                        e -> assertThat(e.getMessage()).contains("region ap-south"));
        regions.get(2).failWith(RegionException.Kind.BAD_REQUEST);
        assertThatThrownBy(() -> gateway.series(matchers("up"), FROM, TO, WARN))
                .isInstanceOfSatisfying(GatewayQueryException.class,
                        e -> assertThat(e.kind()).isEqualTo(GatewayErrorKind.BAD_DATA));
    }
}
