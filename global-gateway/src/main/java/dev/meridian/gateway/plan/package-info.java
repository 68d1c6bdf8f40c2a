/**
 * The distributed planner: splits a parsed PromQL expression into the largest sub-expressions
 * that can run inside one region ({@link dev.meridian.gateway.plan.Pushdown}s, each a union of
 * the regions' results or the partial of an aggregation) and the raw selectors that must read
 * series from every region, with the regions each part goes to.
 *
 * <p>{@code parse -> }{@link dev.meridian.gateway.plan.ClassifyLocality classify}
 * {@code -> }{@link dev.meridian.gateway.plan.PushDownLargestSubtrees push down}
 * {@code -> }{@link dev.meridian.gateway.plan.PruneRegions prune}{@code -> }
 * {@link dev.meridian.gateway.plan.DistributedPlan}; {@link dev.meridian.gateway.plan.DistributedPlanner}
 * runs the steps. See {@code global-gateway/docs/distributed-planning.md}.
 */
package dev.meridian.gateway.plan;
