package dev.meridian.gateway.trace;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.region.RegionException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.Locale;

/** The span of one region call, ended exactly once by {@link #succeeded} or {@link #failed}. */
public final class RegionCallSpan {
    private final Span span;
    private final Context context;

    RegionCallSpan(Span span, Context context) {
        this.span = requireNonNull(span, "span is null");
        this.context = requireNonNull(context, "context is null");
    }

    /** The context to send to the region: the caller's, with this span current. */
    public Context context() {
        return context;
    }

    public Span span() {
        return span;
    }

    /** Ends the span of a call {@code endpoint} answered with {@code series} series. */
    public void succeeded(String endpoint, boolean hedged, long series, long wireBytes) {
        span.setAttribute(RegionCallTracer.ENDPOINT, endpoint);
        span.setAttribute(RegionCallTracer.HEDGED, hedged);
        span.setAttribute(RegionCallTracer.SERIES, series);
        span.setAttribute(RegionCallTracer.WIRE_BYTES, wireBytes);
        span.setAttribute(RegionCallTracer.STATUS, "ok");
        span.end();
    }

    /** Ends the span of a failed call. */
    public void failed(RegionException failure) {
        requireNonNull(failure, "failure is null");
        span.setAttribute(RegionCallTracer.STATUS, failure.kind().name().toLowerCase(Locale.ROOT));
        span.setStatus(StatusCode.ERROR, failure.getMessage());
        span.recordException(failure);
        span.end();
    }
}
