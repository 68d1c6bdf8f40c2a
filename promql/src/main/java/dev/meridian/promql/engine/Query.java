package dev.meridian.promql.engine;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.engine.internal.OperatorPlanner;
import dev.meridian.promql.engine.internal.Points;
import dev.meridian.promql.engine.internal.QueryContext;
import dev.meridian.promql.engine.internal.RangeVector;
import dev.meridian.promql.engine.internal.StepGrid;
import dev.meridian.promql.engine.internal.StepVector;
import dev.meridian.promql.engine.internal.VectorOperator;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.StringValue;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One query, ready to run once. */
public final class Query {
    private final EngineConfig config;
    private final Queryable queryable;
    private final Expr expr;
    private final long start;
    private final long end;
    private final long step;
    private final boolean instant;
    private final ExternalResults external;
    private volatile boolean canceled;
    private volatile QueryContext running;
    private boolean executed;

    Query(EngineConfig config, Queryable queryable, Expr expr, long start, long end, long step, boolean instant,
            ExternalResults external) {
        this.config = config;
        this.queryable = requireNonNull(queryable, "queryable is null");
        this.expr = requireNonNull(expr, "expr is null");
        this.start = start;
        this.end = end;
        this.step = step;
        this.instant = instant;
        this.external = requireNonNull(external, "external is null");
    }

    public Expr expr() {
        return expr;
    }

    /** Stops the query; {@link #execute()} then fails with {@code CANCELED}. Safe from any thread. */
    public void cancel() {
        canceled = true;
        QueryContext ctx = running;
        if (ctx != null) {
            ctx.cancel();
        }
    }

    /**
     * Runs the query.
     *
     * @throws dev.meridian.promql.PromqlException on evaluation errors, timeout, cancellation,
     *     too many samples, or a storage failure, each with its code
     */
    public synchronized QueryResult execute() {
        if (executed) {
            throw new IllegalStateException("a query runs only once");
        }
        executed = true;
        QueryContext ctx = new QueryContext(config.timeout().toNanos(), config.maxSamples(),
                config.lookbackDelta().toMillis(), config.defaultSubqueryStep().toMillis(), config.batchSize());
        running = ctx;
        if (canceled) {
            ctx.cancel();
        }
        ctx.checkInterrupted();
        try (QuerierHandle querier = new QuerierHandle(queryable)) {
            OperatorPlanner planner = new OperatorPlanner(ctx, start, end, querier::get, external);
            querier.planner = planner;
            Value value = instant ? evaluateInstant(planner, ctx) : evaluateRange(planner, ctx);
            return new QueryResult(value, ctx.warnings(), ctx.samplesRead(), ctx.peakSamples());
        } finally {
            running = null;
        }
    }

    private Value evaluateInstant(OperatorPlanner planner, QueryContext ctx) {
        ValueType type = expr.type();
        if (type == ValueType.STRING) {
            return new StringValue(start, ((StringLiteral) Expr.unwrapParens(expr)).value());
        }
        StepGrid grid = StepGrid.instant(start, config.batchSize());
        if (type == ValueType.MATRIX) {
            try (RangeVector range = planner.planRange(expr, grid)) {
                List<RangeSeries> series = range.at(start);
                for (RangeSeries s : series) {
                    ctx.acquireSamples(s.size());
                }
                return new Matrix(series);
            }
        }
        try (VectorOperator root = planner.planVector(expr, grid)) {
            List<Labels> labels = root.series();
            StepVector[] batch = root.next();
            StepVector result = batch[0];
            if (type == ValueType.SCALAR) {
                return new Scalar(start, result.value(0));
            }
            ctx.acquireSamples(result.size());
            List<Sample> samples = new ArrayList<>(result.size());
            for (int j = 0; j < result.size(); j++) {
                samples.add(new Sample(labels.get(result.id(j)), start, result.value(j)));
            }
            return new Vector(samples);
        }
    }

    private Value evaluateRange(OperatorPlanner planner, QueryContext ctx) {
        StepGrid grid = new StepGrid(start, end, step, config.batchSize());
        try (VectorOperator root = planner.planVector(expr, grid)) {
            List<Labels> labels = root.series();
            Points[] points = new Points[labels.size()];
            StepVector[] batch;
            while ((batch = root.next()) != null) {
                for (StepVector s : batch) {
                    ctx.acquireSamples(s.size());
                    for (int j = 0; j < s.size(); j++) {
                        int id = s.id(j);
                        if (points[id] == null) {
                            points[id] = new Points();
                        }
                        points[id].add(s.timestamp(), s.value(j));
                    }
                }
            }
            List<RangeSeries> series = new ArrayList<>();
            for (int id = 0; id < points.length; id++) {
                if (points[id] != null) {
                    series.add(points[id].toSeries(labels.get(id)));
                }
            }
            series.sort(Comparator.comparing(RangeSeries::labels));
            return new Matrix(series);
        }
    }

    /** Opens the querier on first use, over the time range the planner found, and closes it. */
    private static final class QuerierHandle implements AutoCloseable {
        private final Queryable queryable;
        private OperatorPlanner planner;
        private Querier querier;

        QuerierHandle(Queryable queryable) {
            this.queryable = queryable;
        }

        Querier get() {
            if (querier == null) {
                querier = queryable.querier(planner.minTime(), planner.maxTime());
            }
            return querier;
        }

        @Override
        public void close() {
            if (querier != null) {
                querier.close();
            }
        }
    }
}
