package dev.meridian.api;

import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * An endpoint added to the API with {@link PrometheusApi#bindExtra}, e.g. the gateway's
 * {@code /api/v1/query_explain}: it gets the method check, the executor, the JSON envelope and
 * the error mapping of every API endpoint, and supplies only the {@code data}.
 */
@FunctionalInterface
public interface ExtraHandler {
    /**
     * Answers one request; runs on the API's executor, so it may block.
     *
     * @param ctx the request's context (path parameters, {@code whenRequestCancelling()}, …)
     * @param params the request's form parameters (a form POST body's, then the URL's)
     * @return the JSON of {@code data}, with warnings and extra fields
     * @throws ApiException or {@link dev.meridian.promql.PromqlException}, answered as Prometheus errors
     */
    Answer<? extends CharSequence> handle(ServiceRequestContext ctx, FormParams params);
}
