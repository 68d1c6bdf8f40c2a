package dev.meridian.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalResultsTest {
    private static final long MINUTE = 60_000;

    private final Engine engine = new Engine(EngineConfig.defaults());

    /** {@code x{i="1"}} = 1 and {@code x{i="2"}} = 2 every 15s for 30 minutes. */
    private static InMemoryStorage storage() {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryStorage.Appender a = storage.appender();
        for (long t = 0; t <= 30 * MINUTE; t += 15_000) {
            a.add(Labels.of("__name__", "x", "i", "1"), t, 1);
            a.add(Labels.of("__name__", "x", "i", "2"), t, 2);
        }
        a.commit();
        return storage;
    }

    /** Answers for exactly one node (by identity) and records what it was asked. */
    private static final class OneNode implements ExternalResults {
        private final Expr node;
        private final Matrix result;
        private final List<Expr> asked = new ArrayList<>();

        OneNode(Expr node, Matrix result) {
            this.node = node;
            this.result = result;
        }

        @Override
        public Matrix resultOf(Expr expr) {
            asked.add(expr);
            return expr == node ? result : null;
        }
    }

    private static Matrix series(Labels labels, long[] timestamps, double... values) {
        return new Matrix(List.of(new RangeSeries(labels, timestamps, values)));
    }

    @Test
    void anExternalResultReplacesTheNodeAndTheEngineEvaluatesAroundIt() {
        BinaryExpr expr = (BinaryExpr) Parser.parse("sum(x) * 10");
        Expr sum = expr.lhs();
        // Not what the storage holds (1 + 2 = 3): proves the node was not evaluated here.
        OneNode external = new OneNode(sum, series(Labels.EMPTY, new long[] {MINUTE, 3 * MINUTE}, 7, 8));

        Matrix m = (Matrix) engine.rangeQuery(storage(), expr, MINUTE, 3 * MINUTE, MINUTE, external).execute().value();

        assertThat(m.series()).containsExactly(
                new RangeSeries(Labels.EMPTY, new long[] {MINUTE, 3 * MINUTE}, new double[] {70, 80}));
        assertThat(external.asked).contains(expr, sum);
    }

    @Test
    void nodesEqualToTheExternalOneButElsewhereAreEvaluatedHere() {
        BinaryExpr expr = (BinaryExpr) Parser.parse("sum(x) - sum(x)");
        assertThat(expr.lhs()).hasToString(expr.rhs().toString()).isNotSameAs(expr.rhs());
        OneNode external = new OneNode(expr.lhs(), series(Labels.EMPTY, new long[] {MINUTE}, 10));

        Vector v = (Vector) engine.instantQuery(storage(), expr, MINUTE, external).execute().value();

        assertThat(v.samples()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(7.0));
    }

    @Test
    void theChildOfAnAggregationOverASelectorCanBeExternal() {
        AggregateExpr expr = (AggregateExpr) Parser.parse("max(x)");
        OneNode external = new OneNode(expr.expr(), series(Labels.of("i", "9"), new long[] {MINUTE}, 42));

        Vector v = (Vector) engine.instantQuery(storage(), expr, MINUTE, external).execute().value();

        assertThat(v.samples()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(42.0));
    }

    @Test
    void nodesInsideSubqueriesAreNeverAsked() {
        Call expr = (Call) Parser.parse("max_over_time(sum(x)[5m:1m])");
        Expr inner = ((SubqueryExpr) expr.args().get(0)).expr();
        OneNode external = new OneNode(inner, series(Labels.EMPTY, new long[] {10 * MINUTE}, 100));

        Vector v = (Vector) engine.instantQuery(storage(), expr, 10 * MINUTE, external).execute().value();

        assertThat(v.samples()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(3.0));
        assertThat(external.asked).doesNotContain(inner);
    }

    @Test
    void aResultOffTheStepsIsRefused() {
        Expr expr = Parser.parse("sum(x)");
        OneNode external = new OneNode(expr, series(Labels.EMPTY, new long[] {MINUTE + 1}, 1));

        assertThatThrownBy(() -> engine.rangeQuery(storage(), expr, MINUTE, 3 * MINUTE, MINUTE, external).execute())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("60001");
    }

    @Test
    void duplicateSeriesInAResultAreTheEnginesDuplicateLabelsetError() {
        Expr expr = Parser.parse("sum by (i) (x)");
        Labels labels = Labels.of(Map.of("i", "1"));
        RangeSeries s = new RangeSeries(labels, new long[] {MINUTE}, new double[] {1});
        OneNode external = new OneNode(expr, new Matrix(List.of(s, s)));

        assertThatThrownBy(() -> engine.instantQuery(storage(), expr, MINUTE, external).execute())
                .isInstanceOf(PromqlException.class)
                .hasMessageContaining("same labelset");
    }
}
