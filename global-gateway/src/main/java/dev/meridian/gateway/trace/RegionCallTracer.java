package dev.meridian.gateway.trace;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * Starts the CLIENT span of each region call ({@code region.Query}, {@code region.Store}, ...),
 * as a child of the caller's {@link Context#current()}. The attribute keys are the span's
 * contract with whoever reads the traces (docs/region-client.md, "Tracing").
 */
public final class RegionCallTracer {
    /** The instrumentation scope name of the gateway's spans. */
    public static final String SCOPE = "dev.meridian.gateway";

    public static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    public static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    public static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    public static final AttributeKey<String> REGION = AttributeKey.stringKey("meridian.region");
    /** The endpoint that answered (or, for a failure, the endpoints asked). */
    public static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("meridian.endpoint");
    public static final AttributeKey<Boolean> HEDGED = AttributeKey.booleanKey("meridian.hedged");
    public static final AttributeKey<String> EXPR = AttributeKey.stringKey("meridian.query.expr");
    public static final AttributeKey<String> MATCHERS = AttributeKey.stringKey("meridian.query.matchers");
    /** The metric family a Metadata call asks about. */
    public static final AttributeKey<String> METRIC = AttributeKey.stringKey("meridian.query.metric");
    public static final AttributeKey<Long> START = AttributeKey.longKey("meridian.query.start_ms");
    public static final AttributeKey<Long> END = AttributeKey.longKey("meridian.query.end_ms");
    public static final AttributeKey<Long> STEP = AttributeKey.longKey("meridian.query.step_ms");
    /** Series (or listed items) in the answer. */
    public static final AttributeKey<Long> SERIES = AttributeKey.longKey("meridian.result.series");
    public static final AttributeKey<Long> WIRE_BYTES = AttributeKey.longKey("meridian.result.wire_bytes");
    /** {@code ok}, or the failure's kind in lower case (e.g. {@code unavailable}). */
    public static final AttributeKey<String> STATUS = AttributeKey.stringKey("meridian.status");

    private final Tracer tracer;

    public RegionCallTracer(OpenTelemetry openTelemetry) {
        this.tracer = requireNonNull(openTelemetry, "openTelemetry is null").getTracer(SCOPE);
    }

    /**
     * Starts the span of a call of region.proto's method {@code method} (e.g. {@code Query}) to
     * {@code region}, with the request's attributes.
     */
    public RegionCallSpan start(String method, String region, Attributes request) {
        requireNonNull(method, "method is null");
        requireNonNull(region, "region is null");
        requireNonNull(request, "request is null");
        Context parent = Context.current();
        Span span = tracer.spanBuilder("region." + method)
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(RPC_SYSTEM, "grpc")
                .setAttribute(RPC_SERVICE, "meridian.region.Region")
                .setAttribute(RPC_METHOD, method)
                .setAttribute(REGION, region)
                .setAllAttributes(request)
                .startSpan();
        return new RegionCallSpan(span, parent.with(span));
    }
}
