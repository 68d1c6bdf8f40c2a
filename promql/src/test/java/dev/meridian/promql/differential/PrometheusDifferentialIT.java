package dev.meridian.promql.differential;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.meridian.promql.PromqlException;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.testing.PrometheusProcess;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against the real Prometheus 2.42 (Debian package {@code prometheus}): the same
 * generated data goes into Prometheus (backfilled with promtool) and into our in-memory storage,
 * then hand-written and randomly generated queries run on both, each as instant queries at three
 * times and as one 30-step range query, and every answer must agree (see
 * {@link OutcomeComparison}). Prints {@code differential: N queries, M mismatches} and writes every
 * mismatch to {@code target/differential-report.txt}.
 *
 * <p>Prometheus 2.42 is not always consistent with itself: some range queries answer differently
 * from instant queries at the same steps, and some {@code @} modifiers drift (see
 * {@link AtModifierRewrite}). Where our answer differs from Prometheus' but equals its answer to an
 * equivalent formulation of the query, the case is reported (in the summary and the report file)
 * as Prometheus contradicting itself, not as a mismatch; anything else that differs is a mismatch.
 */
class PrometheusDifferentialIT {
    private static final long DATA_SEED = 20_230_131L;
    /** Other seeds and counts explore further: {@code -Ddifferential.querySeed=7 -Ddifferential.queries=20000}. */
    private static final long QUERY_SEED = Long.getLong("differential.querySeed", 242L);
    private static final int GENERATED_QUERIES = Integer.getInteger("differential.queries", 2_000);
    private static final int THREADS = 8;
    private static final long DEADLINE_SECONDS = Long.getLong("differential.deadlineSeconds", 100);

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final int RANGE_STEPS = 30;

    private final Engine engine = new Engine(EngineConfig.defaults());

    /**
     * One instant or range evaluation of a query, and a second opinion from Prometheus for when
     * its answer and ours differ: its answer to an equivalent formulation (for a range query its
     * instant answers at each step, see {@link #stepwise}; for an instant query the query with
     * {@code @} written as offsets, see {@link AtModifierRewrite}), or null if there is none.
     */
    private record Evaluation(String description, Supplier<Outcome> prometheus, Supplier<Outcome> ours,
            Supplier<Outcome> prometheusEquivalent) {}

    /** A query whose answers differ, with both answers. */
    private record Mismatch(String query, String evaluation, String difference, Outcome prometheus, Outcome ours) {
        @Override
        public String toString() {
            return "query:      " + query + "\n  evaluation: " + evaluation + "\n  difference: " + difference
                    + "\n  Prometheus: " + abbreviate(prometheus) + "\n  ours:       " + abbreviate(ours);
        }

        private static String abbreviate(Outcome outcome) {
            String text = outcome.toString();
            return text.length() > 3_000 ? text.substring(0, 3_000) + " ..." : text;
        }
    }

    /** What happened to one query over all its evaluations. */
    private record QueryReport(String query, List<Mismatch> mismatches, boolean prometheusNonEmpty,
            boolean prometheusFailed, List<Mismatch> prometheusInconsistent,
            List<Mismatch> withinTolerance) {}

    @Test
    void engineAnswersLikePrometheus(@TempDir Path work) throws Exception {
        PrometheusProcess.requireVersion242();

        Dataset data = Dataset.generate(DATA_SEED, Dataset.DEFAULT_START);
        Path openMetrics = work.resolve("data.om");
        try (Writer out = Files.newBufferedWriter(openMetrics, UTF_8)) {
            data.writeOpenMetrics(out);
        }
        InMemoryStorage storage = new InMemoryStorage();
        data.loadInto(storage);

        List<String> queries = new ArrayList<>(HandWrittenQueries.QUERIES);
        List<String> generated = new QueryGenerator(QUERY_SEED, data.catalog(), data.start(), data.end())
                .generate(GENERATED_QUERIES + queries.size()).stream()
                .filter(q -> !HandWrittenQueries.QUERIES.contains(q))
                .limit(GENERATED_QUERIES)
                .toList();
        queries.addAll(generated);

        List<QueryReport> reports = new ArrayList<>();
        long started = System.nanoTime();
        try (PrometheusServer server = PrometheusServer.start(work, openMetrics)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<QueryReport>> futures = new ArrayList<>();
                for (int i = 0; i < queries.size(); i++) {
                    String query = queries.get(i);
                    List<Evaluation> evaluations = evaluations(i, query, server, storage, data);
                    futures.add(pool.submit(() -> check(query, evaluations)));
                }
                long deadline = started + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
                for (Future<QueryReport> future : futures) {
                    try {
                        reports.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                    } catch (TimeoutException e) {
                        fail("the differential run did not finish in " + DEADLINE_SECONDS + "s; Prometheus log:\n"
                                + server.logTail());
                    } catch (ExecutionException e) {
                        throw new AssertionError("harness failure: " + e.getCause(), e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        List<Mismatch> mismatches = reports.stream().flatMap(r -> r.mismatches().stream()).toList();
        long mismatchingQueries = reports.stream().filter(r -> !r.mismatches().isEmpty()).count();
        long nonEmpty = reports.stream().filter(QueryReport::prometheusNonEmpty).count();
        long failing = reports.stream().filter(QueryReport::prometheusFailed).count();
        List<Mismatch> inconsistent = reports.stream().flatMap(r -> r.prometheusInconsistent().stream()).toList();
        List<Mismatch> withinTolerance = reports.stream().flatMap(r -> r.withinTolerance().stream()).toList();
        writeReport(data, queries, reports, mismatches, inconsistent, withinTolerance);

        System.out.printf("differential: %s; %d queries (%d hand-written, %d generated), %d evaluations each side"
                        + " in %ds; Prometheus answered %d with data and failed %d;"
                        + " %d answers of Prometheus contradict its answers to equivalent queries;"
                        + " %d answers equal only within the tolerance%n",
                data, queries.size(), HandWrittenQueries.QUERIES.size(), generated.size(),
                reports.size() * 4L, seconds, nonEmpty, failing, inconsistent.size(),
                withinTolerance.size());
        mismatches.stream().limit(40).forEach(m -> System.out.println("MISMATCH " + m));
        System.out.printf("differential: %d queries, %d mismatches%n", queries.size(), mismatchingQueries);

        // The comparison means something only if Prometheus answered most queries with data and
        // some with errors, and every function and aggregation was asked about.
        assertThat(HandWrittenQueries.QUERIES).hasSizeGreaterThanOrEqualTo(100);
        assertThat(generated).hasSize(GENERATED_QUERIES);
        assertThat(nonEmpty).as("queries Prometheus answered with data").isGreaterThan(queries.size() / 2);
        assertThat(failing).as("queries Prometheus rejected").isGreaterThan(queries.size() / 100);
        assertEveryFeatureAsked(queries);
        assertThat(mismatches.size())
                .as("evaluations answered differently from Prometheus 2.42, in %d of %d queries (all in %s)",
                        mismatchingQueries, queries.size(), reportPath().toAbsolutePath())
                .isZero();
    }

    /** Instant queries at three times (one fixed, two rotating) and one range query. */
    private List<Evaluation> evaluations(int index, String query, PrometheusServer server, InMemoryStorage storage,
            Dataset data) {
        long start = data.start();
        long end = data.end();
        // Always one on the 15s grid of the regular series (query times and window edges hit
        // samples), then two of: inside the first 10m (windows reach before the data), on the 2h
        // TSDB block boundary, between scrapes, shortly after the data ends (lookback only), after
        // the lookback, before all data, 1ms before a grid point.
        long blockBoundary = Math.floorDiv(start, 2 * HOUR) * 2 * HOUR + 2 * HOUR;
        long[] rotating = {
            start + 7 * MINUTE + 33_123,
            blockBoundary,
            start + HOUR + 21 * MINUTE + 7_500,
            end + 2 * MINUTE,
            end + 7 * MINUTE,
            start - 30 * SECOND,
            start + 99 * MINUTE + 59_999,
        };
        long[] times = {
            start + 45 * MINUTE,
            rotating[index % rotating.length],
            rotating[(index * 3 + 4) % rotating.length],
        };
        long[][] ranges = {
            {start + 13 * MINUTE + 7_300, 3 * MINUTE + 11 * SECOND},
            {start - 5 * MINUTE, 5 * MINUTE},
            {start + 30 * MINUTE, 15 * SECOND},
            {start + 100 * MINUTE + 1, MINUTE},
        };
        long[] range = ranges[index % ranges.length];
        long rangeEnd = range[0] + (RANGE_STEPS - 1) * range[1];

        List<Evaluation> evaluations = new ArrayList<>();
        for (long t : times) {
            evaluations.add(new Evaluation("instant at " + PrometheusServer.seconds(t),
                    () -> server.query(query, t),
                    () -> ours(() -> engine.instantQuery(storage, query, t).execute().value()),
                    () -> AtModifierRewrite.atTime(query, t, t, t).map(q -> server.query(q, t)).orElse(null)));
        }
        evaluations.add(new Evaluation("range from " + PrometheusServer.seconds(range[0]) + " to "
                        + PrometheusServer.seconds(rangeEnd) + " step " + PrometheusServer.seconds(range[1]),
                () -> server.queryRange(query, range[0], rangeEnd, range[1]),
                () -> ours(() -> engine.rangeQuery(storage, query, range[0], rangeEnd, range[1]).execute().value()),
                () -> stepwise(server, query, range[0], rangeEnd, range[1])));
        return evaluations;
    }

    /**
     * Prometheus' instant queries at each step of a range, put together as the matrix a range query
     * should return, or null if one of them fails. In each, {@code @} becomes an offset where
     * {@link AtModifierRewrite} can do that, else {@code start()} and {@code end()} become the
     * range's start and end, which they stand for in a range query.
     */
    private static Outcome stepwise(PrometheusServer server, String rangeQuery, long start, long end, long step) {
        String pinned = rangeQuery
                .replaceAll("@\\s*start\\(\\)", "@ " + PrometheusServer.seconds(start))
                .replaceAll("@\\s*end\\(\\)", "@ " + PrometheusServer.seconds(end));
        Map<SortedMap<String, String>, List<double[]>> points = new LinkedHashMap<>();
        for (long t = start; t <= end; t += step) {
            Outcome outcome = server.query(AtModifierRewrite.atTime(rangeQuery, t, start, end).orElse(pinned), t);
            if (!(outcome instanceof Outcome.Success success)
                    || !(success.type().equals("vector") || success.type().equals("scalar"))) {
                return null;
            }
            for (Outcome.ResultSeries s : success.series()) {
                points.computeIfAbsent(s.labels(), k -> new ArrayList<>()).add(new double[] {t, s.values()[0]});
            }
        }
        List<Outcome.ResultSeries> series = new ArrayList<>();
        points.forEach((labels, list) -> series.add(new Outcome.ResultSeries(labels,
                list.stream().mapToLong(p -> (long) p[0]).toArray(), list.stream().mapToDouble(p -> p[1]).toArray())));
        return new Outcome.Success("matrix", series, null);
    }

    private static Outcome ours(Supplier<dev.meridian.promql.value.Value> evaluation) {
        try {
            return OutcomeComparison.of(evaluation.get());
        } catch (PromqlException e) {
            return new Outcome.Failure(e.code().name(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Not a PromQL error: reported as a mismatch even where Prometheus fails too.
            return new Outcome.Failure("CRASH " + e.getClass().getName(), String.valueOf(e.getMessage()));
        }
    }

    private static QueryReport check(String query, List<Evaluation> evaluations) {
        OutcomeComparison.Ordering ordering = OutcomeComparison.Ordering.of(query);
        List<Mismatch> mismatches = new ArrayList<>();
        List<Mismatch> inconsistent = new ArrayList<>();
        List<Mismatch> withinTolerance = new ArrayList<>();
        boolean nonEmpty = false;
        boolean failed = false;
        for (Evaluation evaluation : evaluations) {
            Outcome prometheus = evaluation.prometheus().get();
            Outcome ours = evaluation.ours().get();
            if (prometheus instanceof Outcome.Success success && (!success.series().isEmpty() || success.string() != null)) {
                nonEmpty = true;
            }
            failed |= prometheus instanceof Outcome.Failure;
            Optional<String> difference = ours instanceof Outcome.Failure f && f.kind().startsWith("CRASH")
                    ? Optional.of("our engine crashed")
                    : OutcomeComparison.difference(prometheus, ours, ordering);
            if (difference.isPresent()) {
                // Where Prometheus answers an equivalent formulation of the query as we answer the
                // query itself, Prometheus contradicts itself and we agree with one of its answers.
                Outcome equivalent = evaluation.prometheusEquivalent().get();
                if (equivalent != null && OutcomeComparison.difference(equivalent, ours, ordering).isEmpty()) {
                    inconsistent.add(new Mismatch(query, evaluation.description(), difference.get()
                            + "\n  (ours equals Prometheus' answer to the equivalent formulation)", prometheus, ours));
                    continue;
                }
            }
            if (difference.isEmpty() && ordering.kind() != OutcomeComparison.Ordering.Kind.SELECTION_PER_GROUP
                    && prometheus instanceof Outcome.Success && !OutcomeComparison.identical(prometheus, ours)) {
                withinTolerance.add(new Mismatch(query, evaluation.description(), "equal within "
                        + OutcomeComparison.RELATIVE_TOLERANCE + " but not bit for bit", prometheus, ours));
            }
            if (difference.isPresent()) {
                mismatches.add(new Mismatch(query, evaluation.description(), difference.get(), prometheus, ours));
            }
        }
        return new QueryReport(query, mismatches, nonEmpty, failed, inconsistent, withinTolerance);
    }

    private static void assertEveryFeatureAsked(List<String> queries) {
        List<String> features = new ArrayList<>();
        features.addAll(QueryGenerator.MATH_FUNCTIONS);
        features.addAll(QueryGenerator.RANGE_FUNCTIONS);
        features.addAll(QueryGenerator.DATE_FUNCTIONS);
        features.addAll(QueryGenerator.OTHER_FUNCTIONS);
        features.addAll(QueryGenerator.AGGREGATIONS);
        for (String feature : features) {
            long asked = queries.stream().filter(q -> q.matches("(?s).*\\b" + feature + "\\b.*")).count();
            assertThat(asked).as("queries using %s", feature).isGreaterThanOrEqualTo(5);
        }
        for (String op : List.of("@ start()", "@ end()", "offset -", "group_left", "group_right", "ignoring(",
                "on(", " bool ", " without ", " by ", ":]", "atan2", " unless ", " and ", " or ")) {
            assertThat(queries.stream().filter(q -> q.contains(op)).count()).as("queries using %s", op)
                    .isGreaterThanOrEqualTo(5);
        }
    }

    private static Path reportPath() {
        return Paths.get("target", "differential-report.txt");
    }

    private static void writeReport(Dataset data, List<String> queries, List<QueryReport> reports,
            List<Mismatch> mismatches, List<Mismatch> inconsistent, List<Mismatch> withinTolerance)
            throws IOException {
        Files.createDirectories(reportPath().getParent());
        try (Writer out = Files.newBufferedWriter(reportPath(), UTF_8)) {
            out.write("# " + data + ", " + queries.size() + " queries\n\n## Mismatches (" + mismatches.size() + ")\n\n");
            for (Mismatch m : mismatches) {
                out.write(m + "\n\n");
            }
            out.write("## Prometheus contradicts itself: its answer differs from its answer to an equivalent"
                    + " formulation (instant queries at each step of a range; @ written as offsets), which ours"
                    + " equals (" + inconsistent.size() + ")\n\n");
            for (Mismatch m : inconsistent) {
                out.write(m + "\n\n");
            }
            out.write("## Equal within the tolerance but not bit for bit (" + withinTolerance.size() + ")\n\n");
            for (Mismatch m : withinTolerance) {
                out.write(m + "\n\n");
            }
            out.write("\n## Queries\n\n");
            for (QueryReport report : reports) {
                out.write((report.mismatches().isEmpty() ? "ok       " : "MISMATCH ")
                        + (report.prometheusFailed() ? "error " : report.prometheusNonEmpty() ? "data  " : "empty ")
                        + report.query() + "\n");
            }
        }
    }
}
