package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.At;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ExprVisitor;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.NumberLiteral;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import dev.meridian.promql.ast.UnaryOp;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.ast.VectorSelector;
import dev.meridian.promql.engine.ExternalResults;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.syntax.Quoting;
import dev.meridian.promql.value.Matrix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a parsed expression into a tree of physical operators for a step grid. Subqueries get
 * their own grid. Every selector records the time range it reads, so the caller can open one
 * querier covering all of them before execution starts.
 */
public final class OperatorPlanner {
    private final QueryContext ctx;
    private final long queryStart;
    private final long queryEnd;
    private final Supplier<Querier> querier;
    private final ExternalResults external;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    /**
     * @param queryStart the query's start, what {@code @ start()} means
     * @param queryEnd the query's end, what {@code @ end()} means
     * @param querier opened by the caller after planning, once {@link #minTime()} and
     *     {@link #maxTime()} are known
     * @param external results of nodes evaluated elsewhere; asked for nodes on the query's grid
     */
    public OperatorPlanner(QueryContext ctx, long queryStart, long queryEnd, Supplier<Querier> querier,
            ExternalResults external) {
        this.ctx = requireNonNull(ctx, "ctx is null");
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
        this.querier = requireNonNull(querier, "querier is null");
        this.external = requireNonNull(external, "external is null");
    }

    /** Earliest sample time any selector reads, or {@link Long#MAX_VALUE} if there are no selectors. */
    public long minTime() {
        return minTime;
    }

    /** Latest sample time any selector reads. */
    public long maxTime() {
        return maxTime;
    }

    /**
     * Plans an expression of scalar or instant vector type evaluated at the query's own steps;
     * its nodes may have {@link ExternalResults}.
     */
    public VectorOperator planVector(Expr expr, StepGrid grid) {
        return new VectorPlanner(grid, true).plan(expr);
    }

    /** Plans an expression of range vector type: a matrix selector or a subquery. */
    public RangeVector planRange(Expr expr, StepGrid grid) {
        return new RangeVector(window(expr, grid, ""), ctx);
    }

    private WindowSource window(Expr expr, StepGrid grid, String function) {
        Expr e = Expr.unwrapParens(expr);
        if (e instanceof MatrixSelector ms) {
            VectorSelector vs = ms.selector();
            TimeShift shift = shift(vs.at(), vs.offsetMillis());
            SeriesSelection selection = select(vs, grid, shift, ms.rangeMillis(), function);
            return new MatrixSelectorSource(selection, ms.rangeMillis(), shift);
        }
        if (e instanceof SubqueryExpr sq) {
            return subquery(sq, grid);
        }
        throw new IllegalArgumentException("expected a range vector, got " + e.type().documentedName() + ": " + e);
    }

    private WindowSource subquery(SubqueryExpr sq, StepGrid grid) {
        TimeShift shift = shift(sq.at(), sq.offsetMillis());
        long step = sq.stepMillis() != 0 ? sq.stepMillis() : ctx.defaultSubqueryStepMillis();
        long end = shift.reference(grid.end());
        // The first multiple of the step at or after the earliest window start.
        long start = -Math.floorDiv(-(shift.reference(grid.start()) - sq.rangeMillis()), step) * step;
        VectorOperator inner = null;
        if (start <= end) {
            inner = new VectorPlanner(new StepGrid(start, end, step, ctx.batchSize()), false).plan(sq.expr());
        }
        return new SubquerySource(inner, sq.rangeMillis(), shift, ctx);
    }

    private TimeShift shift(At at, long offsetMillis) {
        if (at == null) {
            return new TimeShift(false, 0, offsetMillis);
        }
        return new TimeShift(true, at.resolve(queryStart, queryEnd), offsetMillis);
    }

    private SeriesSelection select(VectorSelector vs, StepGrid grid, TimeShift shift, long rangeMillis, String function) {
        return select(vs, grid, shift, rangeMillis, function, List.of(), false);
    }

    /**
     * A selection, with advice for the storage: the function or aggregation that directly
     * consumes the selector, and that aggregation's grouping (as Prometheus' select hints).
     */
    private SeriesSelection select(VectorSelector vs, StepGrid grid, TimeShift shift, long rangeMillis, String function,
            List<String> grouping, boolean by) {
        long end = shift.reference(grid.end());
        long start = shift.reference(grid.start()) - (rangeMillis > 0 ? rangeMillis : ctx.lookbackMillis());
        minTime = Math.min(minTime, start);
        maxTime = Math.max(maxTime, end);
        long step = grid.isInstant() ? 0 : grid.step();
        SelectHints hints = new SelectHints(start, end, step, rangeMillis, function, grouping, by);
        return new SeriesSelection(querier, vs.matchers(), hints, ctx);
    }

    /**
     * The labels {@code absent()} gives its result: the equality matchers of the selector, except
     * the metric name; a label matched more than once is left out.
     */
    static Labels absentLabels(Expr arg) {
        Expr e = Expr.unwrapParens(arg);
        List<LabelMatcher> matchers;
        if (e instanceof VectorSelector vs) {
            matchers = vs.matchers();
        } else if (e instanceof MatrixSelector ms) {
            matchers = ms.selector().matchers();
        } else {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        Set<String> seen = new HashSet<>();
        for (LabelMatcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == MatchType.EQUAL && seen.add(m.name())) {
                b.set(m.name(), m.value());
            } else {
                b.remove(m.name());
            }
        }
        return b.build();
    }

    private static String stringArg(Expr arg) {
        Expr e = Expr.unwrapParens(arg);
        if (e instanceof StringLiteral s) {
            return s.value();
        }
        throw new IllegalArgumentException("expected a string literal, got " + e);
    }

    /** Plans scalar and instant vector expressions on one grid. */
    private final class VectorPlanner implements ExprVisitor<VectorOperator> {
        private final StepGrid grid;
        /** Whether this is the query's grid, where nodes may have external results; not a subquery's. */
        private final boolean queryGrid;

        VectorPlanner(StepGrid grid, boolean queryGrid) {
            this.grid = grid;
            this.queryGrid = queryGrid;
        }

        private VectorOperator plan(Expr e) {
            Matrix result = externalResult(e);
            return result != null ? new ExternalVectorOperator(grid, ctx, result) : e.accept(this);
        }

        private Matrix externalResult(Expr e) {
            return queryGrid && e.type() == ValueType.VECTOR ? external.resultOf(e) : null;
        }

        @Override
        public VectorOperator visitNumber(NumberLiteral e) {
            return ScalarOperator.constant(grid, ctx, e.value());
        }

        @Override
        public VectorOperator visitParen(ParenExpr e) {
            return plan(e.expr());
        }

        @Override
        public VectorOperator visitVectorSelector(VectorSelector e) {
            TimeShift shift = shift(e.at(), e.offsetMillis());
            return new VectorSelectorOperator(grid, ctx, select(e, grid, shift, 0, ""), shift, false);
        }

        @Override
        public VectorOperator visitUnary(UnaryExpr e) {
            VectorOperator child = plan(e.expr());
            if (e.op() == UnaryOp.PLUS) {
                return child;
            }
            return new InstantFunctionOperator(grid, ctx, child, (v, args, t) -> -v, List.of(), true,
                    SeriesMapping.Mode.WHOLE_RANGE);
        }

        @Override
        public VectorOperator visitBinary(BinaryExpr e) {
            VectorOperator lhs = plan(e.lhs());
            VectorOperator rhs = plan(e.rhs());
            boolean lhsScalar = e.lhs().type() == ValueType.SCALAR;
            boolean rhsScalar = e.rhs().type() == ValueType.SCALAR;
            if (lhsScalar && rhsScalar) {
                return new ScalarBinaryOperator(grid, ctx, lhs, rhs, e.op());
            }
            if (lhsScalar) {
                return new VectorScalarBinaryOperator(grid, ctx, rhs, lhs, e.op(), e.returnBool(), true);
            }
            if (rhsScalar) {
                return new VectorScalarBinaryOperator(grid, ctx, lhs, rhs, e.op(), e.returnBool(), false);
            }
            if (e.op().isSetOperator()) {
                return new SetOperator(grid, ctx, lhs, rhs, e.op(), e.matching());
            }
            return new VectorBinaryOperator(grid, ctx, lhs, rhs, e.op(), e.matching(), e.returnBool());
        }

        @Override
        public VectorOperator visitAggregate(AggregateExpr e) {
            VectorOperator child;
            Matrix external = externalResult(e.expr());
            if (external != null) {
                child = new ExternalVectorOperator(grid, ctx, external);
            } else if (Expr.unwrapParens(e.expr()) instanceof VectorSelector vs) {
                TimeShift shift = shift(vs.at(), vs.offsetMillis());
                SeriesSelection selection = select(vs, grid, shift, 0, e.op().keyword(), e.grouping(), !e.without());
                child = new VectorSelectorOperator(grid, ctx, selection, shift, false);
            } else {
                child = plan(e.expr());
            }
            if (e.op() == AggregationOp.COUNT_VALUES) {
                String label = stringArg(e.param());
                if (!Labels.isValidName(label)) {
                    throw new PromqlException(ErrorCode.EXECUTION, "invalid label name " + Quoting.quote(label));
                }
                return new CountValuesOperator(grid, ctx, child, label, e.grouping(), e.without());
            }
            VectorOperator param = e.param() == null ? null : plan(e.param());
            return new AggregationOperator(grid, ctx, child, e.op(), e.grouping(), e.without(), param);
        }

        @Override
        public VectorOperator visitCall(Call e) {
            String name = e.function().name();
            List<Expr> args = e.args();
            switch (name) {
                case "time":
                    return ScalarOperator.time(grid, ctx);
                case "pi":
                    return ScalarOperator.constant(grid, ctx, Math.PI);
                case "vector":
                    return new ScalarToVectorOperator(grid, ctx, plan(args.get(0)));
                case "scalar":
                    return new VectorToScalarOperator(grid, ctx, plan(args.get(0)));
                case "sort":
                case "sort_desc":
                    return new SortOperator(grid, ctx, plan(args.get(0)), name.equals("sort_desc"));
                case "absent":
                    return new AbsentOperator(grid, ctx, plan(args.get(0)), absentLabels(args.get(0)));
                case "absent_over_time":
                    // No sample in any window at a step; the metric name is kept so that no two
                    // series collide before they are counted.
                    VectorOperator present = new RangeFunctionOperator(grid, ctx, window(args.get(0), grid, name),
                            RangeFunctions.get("present_over_time"), List.of(), true);
                    return new AbsentOperator(grid, ctx, present, absentLabels(args.get(0)));
                case "label_replace":
                    return new RelabelOperator(grid, ctx, plan(args.get(0)), LabelRewrites.labelReplace(
                            stringArg(args.get(1)), stringArg(args.get(2)), stringArg(args.get(3)), stringArg(args.get(4))));
                case "label_join":
                    List<String> sources = new ArrayList<>();
                    for (Expr arg : args.subList(3, args.size())) {
                        sources.add(stringArg(arg));
                    }
                    return new RelabelOperator(grid, ctx, plan(args.get(0)),
                            LabelRewrites.labelJoin(stringArg(args.get(1)), stringArg(args.get(2)), sources));
                case "histogram_quantile":
                    return new HistogramQuantileOperator(grid, ctx, plan(args.get(0)), plan(args.get(1)));
                case "histogram_count":
                case "histogram_sum":
                case "histogram_fraction":
                    return new DrainOperator(grid, ctx, plan(args.get(args.size() - 1)));
                case "timestamp":
                    return timestamp(args.get(0));
                default:
                    break;
            }
            RangeFunction rangeFunction = RangeFunctions.get(name);
            if (rangeFunction != null) {
                return rangeFunction(e, rangeFunction);
            }
            SampleFunction sampleFunction = InstantFunctions.get(name);
            if (sampleFunction == null) {
                throw new IllegalStateException("function " + name + " has no implementation");
            }
            VectorOperator child = args.isEmpty()
                    ? new ScalarToVectorOperator(grid, ctx, ScalarOperator.time(grid, ctx))
                    : plan(args.get(0));
            List<VectorOperator> scalars = new ArrayList<>();
            for (Expr arg : args.subList(Math.min(1, args.size()), args.size())) {
                scalars.add(plan(arg));
            }
            return new InstantFunctionOperator(grid, ctx, child, sampleFunction, scalars, true);
        }

        private VectorOperator rangeFunction(Call e, RangeFunction function) {
            String name = e.function().name();
            WindowSource source = null;
            List<VectorOperator> scalars = new ArrayList<>();
            for (Expr arg : e.args()) {
                if (arg.type() == ValueType.MATRIX) {
                    source = window(arg, grid, name);
                } else {
                    scalars.add(plan(arg));
                }
            }
            if (source == null) {
                throw new IllegalStateException("function " + name + " lacks its range vector argument");
            }
            return new RangeFunctionOperator(grid, ctx, source, function, scalars, name.equals("last_over_time"));
        }

        /**
         * {@code timestamp(v)}: for a selector, the timestamps of its samples; for anything else,
         * the evaluation time, which is when computed samples are "taken".
         */
        private VectorOperator timestamp(Expr arg) {
            Expr e = Expr.unwrapParens(arg);
            if (e instanceof VectorSelector vs) {
                TimeShift shift = shift(vs.at(), vs.offsetMillis());
                VectorOperator samples = new VectorSelectorOperator(grid, ctx, select(vs, grid, shift, 0, "timestamp"), shift, true);
                return new RelabelOperator(grid, ctx, samples, Labels::withoutMetricName);
            }
            return new InstantFunctionOperator(grid, ctx, plan(arg), (v, args, t) -> t / 1000.0, List.of(), true);
        }

        @Override
        public VectorOperator visitMatrixSelector(MatrixSelector e) {
            throw new IllegalArgumentException("a range vector is not an instant vector: " + e);
        }

        @Override
        public VectorOperator visitSubquery(SubqueryExpr e) {
            throw new IllegalArgumentException("a subquery is not an instant vector: " + e);
        }

        @Override
        public VectorOperator visitString(StringLiteral e) {
            throw new IllegalArgumentException("a string is not an instant vector: " + e);
        }
    }
}
