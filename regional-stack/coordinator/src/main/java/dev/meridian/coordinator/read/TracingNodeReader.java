package dev.meridian.coordinator.read;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.metadata.FamilyMetadata;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link NodeReader} decorator that runs each call to the node in a CLIENT span: {@code
 * storage.Fetch}, {@code storage.LabelNames}, {@code storage.LabelValues}, {@code
 * storage.Metadata}, with the node's id ({@code meridian.node.id}), the namespace and, for Fetch,
 * the series received ({@code meridian.series}); a failed call records its exception and ends with
 * status ERROR.
 *
 * <p>The span's parent is the context current on the calling thread. {@link ReplicaFanOut} calls
 * the nodes on its executor, so for the spans to join the trace of the query that caused them, that
 * executor must carry the submitter's context over, e.g. {@code
 * io.opentelemetry.context.Context.taskWrapping(executor)}.
 */
public final class TracingNodeReader implements NodeReader {
    private static final AttributeKey<String> NODE = AttributeKey.stringKey("meridian.node.id");
    private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("meridian.namespace");
    private static final AttributeKey<Long> SERIES = AttributeKey.longKey("meridian.series");

    private final NodeReader delegate;
    private final Tracer tracer;
    private final String nodeId;

    /** @param nodeId the node's placement id, e.g. {@code node-1} */
    public TracingNodeReader(NodeReader delegate, Tracer tracer, String nodeId) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.tracer = requireNonNull(tracer, "tracer is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
    }

    @Override
    public void fetch(String namespace, List<LabelMatcher> matchers, long mint, long maxt, Consumer<ChunkedSeries> consumer) {
        long[] received = new long[1];
        traced("storage.Fetch", namespace, span -> {
            delegate.fetch(namespace, matchers, mint, maxt, series -> {
                received[0]++;
                consumer.accept(series);
            });
            span.setAttribute(SERIES, received[0]);
            return null;
        });
    }

    @Override
    public List<String> labelNames(String namespace, List<LabelMatcher> matchers, long mint, long maxt) {
        return traced("storage.LabelNames", namespace, span -> delegate.labelNames(namespace, matchers, mint, maxt));
    }

    @Override
    public List<String> labelValues(String namespace, String name, List<LabelMatcher> matchers, long mint, long maxt) {
        return traced("storage.LabelValues", namespace, span -> delegate.labelValues(namespace, name, matchers, mint, maxt));
    }

    @Override
    public List<FamilyMetadata> metadata() {
        return traced("storage.Metadata", null, span -> delegate.metadata());
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(Span span);
    }

    private <T> T traced(String name, String namespace, Call<T> call) {
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT).setAttribute(NODE, nodeId).startSpan();
        if (namespace != null) {
            span.setAttribute(NAMESPACE, namespace);
        }
        try (Scope ignored = span.makeCurrent()) {
            return call.run(span);
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }
}
