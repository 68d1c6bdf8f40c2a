/**
 * Executes distributed plans: {@link dev.meridian.gateway.exec.DistributedEngine} fans a plan's
 * pushdowns and raw selections out to the regions concurrently, within one deadline and the
 * caller's OpenTelemetry context, merges the regions' results, evaluates the rest with the
 * gateway's PromQL engine, and reports per-region coverage, applying the partial-response policy
 * ({@link dev.meridian.gateway.exec.QueryPolicy}). See {@code global-gateway/docs/distributed-planning.md}.
 */
package dev.meridian.gateway.exec;
