/**
 * Tracing of the gateway: the span of each region call ({@link
 * dev.meridian.gateway.trace.RegionCallTracer}). The OpenTelemetry SDK a process exports spans
 * with is {@code dev.meridian.tracing.TracingSetup} (module {@code tracing}).
 */
package dev.meridian.gateway.trace;
