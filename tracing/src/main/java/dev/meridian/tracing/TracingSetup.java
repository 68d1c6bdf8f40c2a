package dev.meridian.tracing;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry a process traces with: an SDK exporting spans over OTLP/HTTP (protobuf) to a
 * configured collector (Jaeger reads OTLP directly, on port 4318), or {@link
 * OpenTelemetry#noop()} when no endpoint is configured, in which case trace contexts still
 * propagate but no span is recorded. Closing flushes the spans not yet exported.
 *
 * <p>The SDK is not registered as the global OpenTelemetry: components get it passed in. Every
 * role's launcher command makes one ({@code meridian-gateway}, {@code meridian-coordinator}, {@code
 * meridian-storage}) from its config's {@code tracing.otlpEndpoint} ({@link TracingConfig}).
 */
public final class TracingSetup implements AutoCloseable {
    /** OTLP/HTTP's path for spans, added to an endpoint given without a path. */
    public static final String TRACES_PATH = "/v1/traces";

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private TracingSetup(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /**
     * @param otlpEndpoint the collector's OTLP/HTTP URL, e.g. {@code http://jaeger:4318} or
     *     {@code http://collector:4318/v1/traces}; empty for no tracing
     * @param serviceName the {@code service.name} of every span, e.g. {@code meridian-gateway}
     * @throws IllegalArgumentException if the endpoint is not an http(s) URL with a host
     */
    public static TracingSetup create(Optional<String> otlpEndpoint, String serviceName) {
        requireNonNull(otlpEndpoint, "otlpEndpoint is null");
        requireNonNull(serviceName, "serviceName is null");
        if (serviceName.isEmpty()) {
            throw new IllegalArgumentException("serviceName must not be empty");
        }
        if (otlpEndpoint.isEmpty()) {
            return new TracingSetup(OpenTelemetry.noop(), null);
        }
        String endpoint = tracesUrl(otlpEndpoint.get());
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build())
                        .build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new TracingSetup(sdk, sdk);
    }

    /**
     * The URL spans are posted to: the endpoint, with {@link #TRACES_PATH} if it has no path.
     *
     * @throws IllegalArgumentException if the endpoint is not an http(s) URL with a host
     */
    static String tracesUrl(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("OTLP endpoint must be an http(s) URL (got: " + endpoint + ")", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("OTLP endpoint must be an http(s) URL with a host (got: " + endpoint + ")");
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return endpoint.replaceAll("/$", "") + TRACES_PATH;
        }
        return endpoint;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Whether spans are exported (an endpoint was configured). */
    public boolean exporting() {
        return sdk != null;
    }

    /** Exports the spans still buffered (waiting up to 10s) and shuts the SDK down. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
