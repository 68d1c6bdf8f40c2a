package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gateway.plan.DistributedPlan;
import dev.meridian.gateway.plan.DistributedPlanner;
import dev.meridian.gateway.plan.Pushdown;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.value.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every query of {@code equivalence/queries.promql}, as a range query and as instant queries at
 * three times, answered by the gateway over three {@link InMemoryRegion}s must equal the answer
 * of one engine over the union of the regions' data (or both must fail alike).
 */
class GatewayEquivalenceTest {
    private static final long MINUTE = 60_000;
    private static final long RANGE_START = EquivalenceData.START + 40 * MINUTE;
    private static final long RANGE_END = EquivalenceData.START + 115 * MINUTE;
    private static final long STEP = 90_000;
    /** Before ap-south has data, in the middle, and near the end. */
    private static final long[] INSTANTS = {
        EquivalenceData.START + 45 * MINUTE, EquivalenceData.START + 90 * MINUTE,
        EquivalenceData.START + 119 * MINUTE + 30_000
    };
    private static final QueryPolicy POLICY = QueryPolicy.abort(Duration.ofSeconds(30));

    private static List<InMemoryRegion> regions;
    private static InMemoryStorage reference;
    private static Engine engine;
    private static ExecutorService executor;

    @BeforeAll
    static void load() {
        EngineConfig config = EngineConfig.defaults();
        engine = new Engine(config);
        regions = EquivalenceData.regions(config);
        reference = ReferenceStorage.union(regions);
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    @Test
    void everyQueryMatchesOneEngineOverAllRegionsData() {
        Report report = run(DistributedPlanner.pushingDown());
        System.out.println("GatewayEquivalence matched=" + report.matchedQueries + " total=" + report.queries
                + " (evaluations matched=" + report.matchedEvaluations + " total=" + report.evaluations + ")");
        report.categories.forEach((section, kinds) -> System.out.println("GatewayEquivalence plans [" + section + "] " + kinds));
        System.out.println("GatewayEquivalence pushdowns " + report.pushdownKinds);
        assertThat(report.failures).isEmpty();
        assertThat(report.queries).isGreaterThanOrEqualTo(200);
    }

    @Test
    void rawOnlyPlansMatchToo() {
        Report report = run(DistributedPlanner.rawOnly());
        System.out.println("GatewayEquivalence(raw-only) matched=" + report.matchedQueries + " total=" + report.queries);
        assertThat(report.failures).isEmpty();
    }

    private static final class Report {
        int queries;
        int matchedQueries;
        int evaluations;
        int matchedEvaluations;
        final List<String> failures = new ArrayList<>();
        final Map<String, Map<String, Integer>> categories = new LinkedHashMap<>();
        final Map<String, Integer> pushdownKinds = new TreeMap<>();
    }

    private static Report run(DistributedPlanner planner) {
        DistributedEngine gateway = new DistributedEngine(List.copyOf(regions), engine, executor, planner);
        Report report = new Report();
        for (EquivalenceQueries.Query q : EquivalenceQueries.load()) {
            String query = q.promql();
            Expr expr = Parser.parse(query);
            report.queries++;
            categorize(report, q.section(), gateway.explain(expr, RANGE_START, RANGE_END, STEP));
            boolean matched = true;
            matched &= check(report, gateway, query, expr, RANGE_START, RANGE_END, STEP);
            for (long t : INSTANTS) {
                matched &= check(report, gateway, query, expr, t, t, 0);
            }
            if (matched) {
                report.matchedQueries++;
            }
        }
        for (String failure : report.failures) {
            System.out.println("MISMATCH " + failure);
        }
        return report;
    }

    /** Counts, per section of the query file, how the range query's plan splits the work. */
    private static void categorize(Report report, String section, DistributedPlan plan) {
        String kind;
        if (plan.pushdowns().isEmpty() && plan.rawSelections().isEmpty()) {
            kind = "no series";
        } else if (plan.pushdownAt(plan.expr()) != null) {
            kind = "whole query pushed";
        } else if (plan.rawSelections().isEmpty()) {
            kind = "pushed parts";
        } else if (plan.pushdowns().isEmpty()) {
            kind = "raw only";
        } else {
            kind = "pushed parts + raw";
        }
        report.categories.computeIfAbsent(section, k -> new TreeMap<>()).merge(kind, 1, Integer::sum);
        for (Pushdown p : plan.pushdowns()) {
            report.pushdownKinds.merge(p.kind(), 1, Integer::sum);
        }
    }

    private static boolean check(Report report, DistributedEngine gateway, String query, Expr expr, long start,
            long end, long step) {
        report.evaluations++;
        String where = step == 0 ? "instant @" + start : "range";
        Object expected = reference(expr, start, end, step);
        Object actual;
        try {
            actual = gateway.query(expr, start, end, step, POLICY).value();
        } catch (GatewayQueryException e) {
            actual = e.kind();
        } catch (RuntimeException e) {
            report.failures.add(query + " [" + where + "]: gateway crashed: " + e);
            e.printStackTrace(System.out);
            return false;
        }
        String difference;
        if (expected instanceof Value ev && actual instanceof Value av) {
            difference = ResultComparison.difference(expr, ev, av);
        } else {
            difference = expected.equals(actual) ? null : "got " + describe(actual) + ", expected " + describe(expected);
        }
        if (difference != null) {
            String shown = difference.length() > 800 ? difference.substring(0, 800) + "..." : difference;
            report.failures.add(query + " [" + where + "]: " + shown);
            return false;
        }
        report.matchedEvaluations++;
        return true;
    }

    private static Object reference(Expr expr, long start, long end, long step) {
        try {
            return step == 0
                    ? engine.instantQuery(reference, expr, start).execute().value()
                    : engine.rangeQuery(reference, expr, start, end, step).execute().value();
        } catch (PromqlException e) {
            return ErrorKinds.of(e.code());
        }
    }

    private static String describe(Object outcome) {
        return outcome instanceof GatewayErrorKind kind ? "error " + kind : String.valueOf(outcome);
    }
}
