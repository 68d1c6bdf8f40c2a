package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.plan.DistributedPlan;
import dev.meridian.gateway.plan.DistributedPlanner;
import dev.meridian.gateway.plan.QueryRange;
import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * PromQL and metadata over all regions, the gateway's entry point below the HTTP API.
 *
 * <p>A query is {@linkplain DistributedPlanner planned} against what the regions last said
 * about themselves ({@link RegionClient#info()}), then {@linkplain DistributedQuery run}: every
 * region call at once, within {@link QueryPolicy#timeout()}, then the gateway's engine over the
 * merged results. Region calls are made on the caller's thread and gateway-side evaluations on
 * {@code executor} wrapped with the caller's OpenTelemetry {@link Context}, so a span the caller
 * opened is the parent of everything the query does.
 *
 * <p>Errors are {@link GatewayQueryException}s whose {@link GatewayErrorKind} gives the
 * Prometheus {@code errorType}; the results carry warnings and {@link Coverage}.
 */
public final class DistributedEngine {
    private final List<RegionClient> regions;
    private final Map<String, RegionClient> byName;
    private final Engine engine;
    private final Executor executor;
    private final DistributedPlanner planner;

    /** An engine that pushes down everything it safely can. */
    public DistributedEngine(List<RegionClient> regions, Engine engine, Executor executor) {
        this(regions, engine, executor, DistributedPlanner.pushingDown());
    }

    /**
     * @param regions the regions, with distinct names; coverage lists them in this order
     * @param engine the gateway's engine; its configuration (lookback delta, default subquery
     *     step) defines the semantics every region must share to be pushed to
     * @param executor runs gateway-side evaluations of pushdown parts
     */
    public DistributedEngine(List<RegionClient> regions, Engine engine, Executor executor, DistributedPlanner planner) {
        this.regions = List.copyOf(requireNonNull(regions, "regions is null"));
        this.engine = requireNonNull(engine, "engine is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.planner = requireNonNull(planner, "planner is null");
        Map<String, RegionClient> names = new LinkedHashMap<>();
        for (RegionClient region : this.regions) {
            if (names.put(region.name(), region) != null) {
                throw new IllegalArgumentException("two regions are named " + region.name());
            }
        }
        this.byName = Map.copyOf(names);
    }

    /**
     * The plan of a query without running it.
     *
     * @param step the resolution of a range query (ms), or 0 for an instant query at {@code start == end}
     * @throws GatewayQueryException (BAD_DATA) for an invalid time range
     */
    public DistributedPlan explain(Expr expr, long start, long end, long step) {
        return plan(expr, start, end, step, infos());
    }

    /**
     * Runs a query over the regions.
     *
     * @param step the resolution of a range query (ms), or 0 for an instant query at {@code start == end}
     * @throws GatewayQueryException if the query fails or the policy does not allow an answer
     */
    public GatewayResult query(Expr expr, long start, long end, long step, QueryPolicy policy) {
        return query(expr, start, end, step, policy, new QueryCancellation());
    }

    /**
     * Runs a query over the regions that another thread may cancel.
     *
     * @param step the resolution of a range query (ms), or 0 for an instant query at {@code start == end}
     * @throws GatewayQueryException if the query fails, is canceled (CANCELED), or the policy does
     *     not allow an answer
     */
    public GatewayResult query(Expr expr, long start, long end, long step, QueryPolicy policy,
            QueryCancellation cancellation) {
        requireNonNull(policy, "policy is null");
        requireNonNull(cancellation, "cancellation is null");
        List<RegionInfo> infos = infos();
        DistributedPlan plan = plan(expr, start, end, step, infos);
        Executor withContext = Context.current().wrap(executor);
        return new DistributedQuery(byName, infos, engine, withContext, plan, policy, cancellation).run();
    }

    /** Label sets of series matching any of the sets, over all regions. */
    public GatewayListing<Labels> series(List<List<LabelMatcher>> matcherSets, long start, long end, QueryPolicy policy) {
        return fanOut().run(matcherSets, start, end, true, policy, Comparator.naturalOrder(),
                (region, options) -> region.series(matcherSets, start, end, options));
    }

    /** Label names of series matching any of the sets (all series if none), over all regions. */
    public GatewayListing<String> labelNames(List<List<LabelMatcher>> matcherSets, long start, long end,
            QueryPolicy policy) {
        return fanOut().run(matcherSets, start, end, true, policy, Labels.NAME_ORDER,
                (region, options) -> region.labelNames(matcherSets, start, end, options));
    }

    /** Values of label {@code name} among series matching any of the sets (all if none), over all regions. */
    public GatewayListing<String> labelValues(String name, List<List<LabelMatcher>> matcherSets, long start, long end,
            QueryPolicy policy) {
        requireNonNull(name, "name is null");
        return fanOut().run(matcherSets, start, end, true, policy, Labels.NAME_ORDER,
                (region, options) -> region.labelValues(name, matcherSets, start, end, options));
    }

    /** Metric metadata of all regions (of family {@code metric} only if non-empty), unique entries sorted by family. */
    public GatewayListing<Metadata> metadata(String metric, QueryPolicy policy) {
        requireNonNull(metric, "metric is null");
        Comparator<Metadata> order = Comparator.comparing(Metadata::family, Labels.NAME_ORDER)
                .thenComparing(Metadata::type)
                .thenComparing(Metadata::help)
                .thenComparing(Metadata::unit);
        return fanOut().run(List.of(), 0, 0, false, policy, order,
                (region, options) -> region.metadata(metric, options));
    }

    private MetadataFanOut fanOut() {
        return new MetadataFanOut(byName, infos());
    }

    private DistributedPlan plan(Expr expr, long start, long end, long step, List<RegionInfo> infos) {
        requireNonNull(expr, "expr is null");
        QueryRange range;
        try {
            range = new QueryRange(start, end, step);
        } catch (IllegalArgumentException e) {
            throw new GatewayQueryException(GatewayErrorKind.BAD_DATA, e.getMessage(), new Coverage(List.of()), e);
        }
        return planner.plan(expr, range, infos, engine.config());
    }

    private List<RegionInfo> infos() {
        List<RegionInfo> out = new ArrayList<>(regions.size());
        for (RegionClient region : regions) {
            RegionInfo info = region.info();
            // The client's name is the one calls are routed by.
            out.add(info.name().equals(region.name()) ? info : new RegionInfo(region.name(), info.externalLabels(),
                    info.minTime(), info.maxTime(), info.lookbackDeltaMillis()));
        }
        return out;
    }
}
