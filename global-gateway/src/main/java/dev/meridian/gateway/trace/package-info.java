/**
 * Tracing of the gateway: the span of each region call ({@link
 * dev.meridian.gateway.trace.RegionCallTracer}) and the OpenTelemetry SDK setup a process exports
 * spans with ({@link dev.meridian.gateway.trace.TracingSetup}).
 */
package dev.meridian.gateway.trace;
