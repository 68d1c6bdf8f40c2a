/**
 * One OpenTelemetry trace per query across gateway, regions and storage nodes (DESIGN.md's
 * "Tracing"): what every role shares to take part in it.
 *
 * <ul>
 *   <li>{@link dev.meridian.tracing.TracingConfig}: the {@code tracing: {otlpEndpoint: ...}} block
 *       of a role's YAML config;
 *   <li>{@link dev.meridian.tracing.TracingSetup}: the OpenTelemetry a process traces with (an SDK
 *       exporting OTLP/HTTP, or no-op), made by the launcher and passed to the role;
 *   <li>{@link dev.meridian.tracing.GrpcClientTracing} and {@link
 *       dev.meridian.tracing.GrpcServerTracing}: gRPC interceptors that send the caller's W3C
 *       {@code traceparent} and continue it in a SERVER span on the other side.
 * </ul>
 */
package dev.meridian.tracing;
