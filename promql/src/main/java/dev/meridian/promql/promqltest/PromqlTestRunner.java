package dev.meridian.promql.promqltest;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.AggregateExpr;
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
import dev.meridian.promql.ast.VectorSelector;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.parser.SeriesDescription;
import dev.meridian.promql.syntax.Numbers;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs promqltest files against the engine, as Prometheus' own test runner does: every
 * {@code eval} is checked as an instant query and again as a range query around the same time,
 * and, unless it uses time-dependent functions, repeated with {@code @ <time>} added to its
 * selectors at five other evaluation times. An eval passes only if all these agree with the
 * expected result (values within a relative error of 1e-6).
 */
public final class PromqlTestRunner {
    private static final double EPSILON = 0.000001;
    private static final double MIN_NORMAL = Double.MIN_NORMAL;
    private static final long ONE_MINUTE = 60_000;
    /** Functions whose result depends on the evaluation time even when their inputs are pinned with @. */
    private static final Set<String> AT_MODIFIER_UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week",
            "day_of_year", "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

    private final Engine engine;
    private final Supplier<? extends TestStorage> storages;

    public PromqlTestRunner(Engine engine, Supplier<? extends TestStorage> storages) {
        this.engine = requireNonNull(engine, "engine is null");
        this.storages = requireNonNull(storages, "storages is null");
    }

    /** Runs one file; {@code name} labels its failures. A malformed file is one failure. */
    public TestReport run(String name, String content) {
        List<TestCommand> commands;
        try {
            commands = TestFileParser.parse(content);
        } catch (IllegalArgumentException e) {
            return new TestReport(0, 1, List.of(new TestFailure(name, 0, "", "cannot parse file: " + e.getMessage())));
        }
        int passed = 0;
        List<TestFailure> failures = new ArrayList<>();
        TestStorage storage = storages.get();
        try {
            for (TestCommand command : commands) {
                if (command instanceof TestCommand.Clear) {
                    storage.close();
                    storage = storages.get();
                } else if (command instanceof TestCommand.Load load) {
                    load(storage, load);
                } else if (command instanceof TestCommand.Eval eval) {
                    String problem = check(storage, eval);
                    if (problem == null) {
                        passed++;
                    } else {
                        failures.add(new TestFailure(name, eval.line(), eval.expr(), problem));
                    }
                }
            }
        } finally {
            storage.close();
        }
        return new TestReport(passed, failures.size(), failures);
    }

    /** Appends the series of a {@code load} command and commits them. */
    static void load(TestStorage storage, TestCommand.Load load) {
        for (SeriesDescription series : load.series()) {
            long t = 0;
            for (SeriesDescription.SequenceValue v : series.values()) {
                if (!v.omitted()) {
                    storage.append(series.labels(), t, v.value());
                }
                t += load.intervalMillis();
            }
        }
        storage.commit();
    }

    /** Runs every variant of an eval; returns the first problem, or null if all pass. */
    private String check(TestStorage storage, TestCommand.Eval eval) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(eval.expr(), eval.timeMillis()));
        variants.addAll(atModifierVariants(eval.expr(), eval.timeMillis()));
        for (Variant variant : variants) {
            String problem = checkVariant(storage, eval, variant);
            if (problem != null) {
                return variant.expr.equals(eval.expr()) && variant.time == eval.timeMillis()
                        ? problem
                        : problem + " (variant \"" + variant.expr + "\" at " + variant.time + "ms)";
            }
        }
        return null;
    }

    private String checkVariant(TestStorage storage, TestCommand.Eval eval, Variant variant) {
        Value result;
        try {
            result = engine.instantQuery(storage.queryable(), variant.expr, variant.time).execute().value();
        } catch (PromqlException e) {
            return eval.fail() ? null : "unexpected error: " + e.getMessage();
        }
        if (eval.fail()) {
            return "expected an error, got " + describe(result);
        }
        String problem = compare(eval, result);
        if (problem != null) {
            return problem;
        }
        Value range;
        try {
            range = engine.rangeQuery(storage.queryable(), variant.expr, variant.time - ONE_MINUTE,
                    variant.time + ONE_MINUTE, ONE_MINUTE).execute().value();
        } catch (PromqlException e) {
            return "unexpected error in range mode: " + e.getMessage();
        }
        if (eval.ordered()) {
            return null; // Range results have no defined order.
        }
        List<Sample> atTime = new ArrayList<>();
        for (RangeSeries series : ((Matrix) range).series()) {
            for (int i = 0; i < series.size(); i++) {
                if (series.timestamp(i) == variant.time) {
                    atTime.add(new Sample(series.labels(), variant.time, series.value(i)));
                    break;
                }
            }
        }
        Value rangeAsInstant = result instanceof Scalar
                ? new Scalar(variant.time, atTime.isEmpty() ? Double.NaN : atTime.get(0).value())
                : new Vector(atTime);
        problem = compare(eval, rangeAsInstant);
        return problem == null ? null : problem + " (range mode)";
    }

    private static String compare(TestCommand.Eval eval, Value result) {
        if (result instanceof Scalar scalar) {
            if (eval.expectedScalar() == null) {
                return "expected a vector, got scalar " + Numbers.format(scalar.value());
            }
            if (!almostEqual(eval.expectedScalar(), scalar.value())) {
                return "expected scalar " + Numbers.format(eval.expectedScalar()) + " but got " + Numbers.format(scalar.value());
            }
            return null;
        }
        if (!(result instanceof Vector vector)) {
            return "expected an instant vector or scalar, got " + describe(result);
        }
        Map<Labels, TestCommand.Expected> expected = eval.expectedSeries();
        Set<Labels> seen = new HashSet<>();
        for (int pos = 0; pos < vector.samples().size(); pos++) {
            Sample sample = vector.samples().get(pos);
            TestCommand.Expected want = expected.get(sample.labels());
            if (want == null) {
                return "unexpected metric " + sample.labels() + " in result " + describe(result);
            }
            if (eval.ordered() && want.position() != pos + 1) {
                return "expected metric " + sample.labels() + " at position " + want.position() + " but was at " + (pos + 1);
            }
            if (!almostEqual(want.value(), sample.value())) {
                return "expected " + Numbers.format(want.value()) + " for " + sample.labels() + " but got "
                        + Numbers.format(sample.value());
            }
            seen.add(sample.labels());
        }
        for (Map.Entry<Labels, TestCommand.Expected> entry : expected.entrySet()) {
            if (!seen.contains(entry.getKey())) {
                return "expected metric " + entry.getKey() + " with " + Numbers.format(entry.getValue().value())
                        + " not found in result " + describe(result);
            }
        }
        if (eval.expectedScalar() != null) {
            return "expected scalar " + Numbers.format(eval.expectedScalar()) + ", got " + describe(result);
        }
        return null;
    }

    private static String describe(Value value) {
        if (value instanceof Vector v) {
            List<String> items = new ArrayList<>();
            for (Sample s : v.samples()) {
                items.add(s.labels() + " " + Numbers.format(s.value()));
            }
            return "vector " + items;
        }
        if (value instanceof Scalar s) {
            return "scalar " + Numbers.format(s.value());
        }
        return value.type().documentedName() + " " + value;
    }

    /** Relative comparison as Prometheus' tests do it; NaN equals NaN. */
    static boolean almostEqual(double a, double b) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || diff < MIN_NORMAL) {
            return diff < EPSILON * MIN_NORMAL;
        }
        return diff / (Math.abs(a) + Math.abs(b)) < EPSILON;
    }

    private record Variant(String expr, long time) {}

    /**
     * The same query with every selector and outermost subquery pinned to the evaluation time
     * with {@code @}, evaluated at other times; the result must not change.
     */
    private static List<Variant> atModifierVariants(String query, long time) {
        AtPinner pinner = new AtPinner(time);
        Expr pinned = Parser.parse(query).accept(pinner);
        if (pinner.timeDependent) {
            return List.of();
        }
        String printed = pinned.toString();
        long[] times = time == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * time, 0, time / 5, time, 10 * time};
        List<Variant> variants = new ArrayList<>();
        for (long t : times) {
            variants.add(new Variant(printed, t));
        }
        return variants;
    }

    /** Adds {@code @ time} where there is none, outside subqueries that carry an {@code @}. */
    private static final class AtPinner implements ExprVisitor<Expr> {
        private final At at;
        boolean timeDependent;

        AtPinner(long time) {
            this.at = At.timestamp(time);
        }

        @Override
        public Expr visitVectorSelector(VectorSelector e) {
            return e.at() == null ? e.withAt(at, e.position()) : e;
        }

        @Override
        public Expr visitMatrixSelector(MatrixSelector e) {
            VectorSelector s = e.selector();
            return s.at() == null ? new MatrixSelector(s.withAt(at, s.position()), e.rangeMillis(), e.position()) : e;
        }

        @Override
        public Expr visitSubquery(SubqueryExpr e) {
            // Nothing inside a pinned subquery is changed (or inspected).
            return e.at() == null ? e.withAt(at, e.position()) : e;
        }

        @Override
        public Expr visitCall(Call e) {
            if (AT_MODIFIER_UNSAFE.contains(e.function().name())) {
                timeDependent = true;
            }
            List<Expr> args = new ArrayList<>();
            for (Expr arg : e.args()) {
                args.add(arg.accept(this));
            }
            return new Call(e.function(), args, e.position());
        }

        @Override
        public Expr visitAggregate(AggregateExpr e) {
            Expr param = e.param() == null ? null : e.param().accept(this);
            return new AggregateExpr(e.op(), e.expr().accept(this), param, e.grouping(), e.without(), e.position());
        }

        @Override
        public Expr visitBinary(BinaryExpr e) {
            return new BinaryExpr(e.op(), e.lhs().accept(this), e.rhs().accept(this), e.matching(), e.returnBool(), e.position());
        }

        @Override
        public Expr visitParen(ParenExpr e) {
            return new ParenExpr(e.expr().accept(this), e.position());
        }

        @Override
        public Expr visitUnary(UnaryExpr e) {
            return new UnaryExpr(e.op(), e.expr().accept(this), e.position());
        }

        @Override
        public Expr visitNumber(NumberLiteral e) {
            return e;
        }

        @Override
        public Expr visitString(StringLiteral e) {
            return e;
        }
    }
}
