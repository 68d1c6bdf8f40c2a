package dev.meridian.coordinator.querycmp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asks one Prometheus-compatible endpoint for instant and range queries over its HTTP API:
 * {@code GET <base>/api/v1/query?query=&time=} and
 * {@code GET <base>/api/v1/query_range?query=&start=&end=&step=}, parameters URL-encoded, times
 * in Unix seconds with millisecond precision.
 *
 * <p>Never throws for what the endpoint does: an API error becomes {@link QueryResponse.ApiError}
 * (whatever the HTTP status), and a connection failure, a timeout or a body that is not a
 * Prometheus response become {@link QueryResponse.Unanswered} naming the endpoint.
 */
public final class PrometheusClient {
    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base the endpoint, e.g. {@code http://127.0.0.1:9090} or {@code http://host/prometheus}
     * @param timeout how long one query may take
     */
    public PrometheusClient(URI base, Duration timeout) {
        this.base = requireNonNull(base, "base is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public URI base() {
        return base;
    }

    /** {@code /api/v1/query} at {@code timeMillis}. */
    public CompletableFuture<QueryResponse> instant(String query, long timeMillis) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", query);
        params.put("time", ApiTimes.formatSeconds(timeMillis));
        return get("/api/v1/query", params);
    }

    /** {@code /api/v1/query_range} from {@code startMillis} to {@code endMillis} every {@code stepMillis}. */
    public CompletableFuture<QueryResponse> range(String query, long startMillis, long endMillis, long stepMillis) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", query);
        params.put("start", ApiTimes.formatSeconds(startMillis));
        params.put("end", ApiTimes.formatSeconds(endMillis));
        params.put("step", ApiTimes.formatSeconds(stepMillis));
        return get("/api/v1/query_range", params);
    }

    private CompletableFuture<QueryResponse> get(String path, Map<String, String> params) {
        StringBuilder uri = new StringBuilder(base.toString().replaceAll("/+$", "")).append(path);
        char separator = '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            uri.append(separator).append(param.getKey()).append('=').append(URLEncoder.encode(param.getValue(), UTF_8));
            separator = '&';
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(UTF_8))
                .thenApply(this::read)
                .exceptionally(this::unanswered);
    }

    private QueryResponse read(HttpResponse<String> response) {
        try {
            return ResponseParser.parse(response.body());
        } catch (MalformedResponseException e) {
            return new QueryResponse.Unanswered(base + " answered HTTP " + response.statusCode()
                    + " with something that is not a Prometheus API response: " + e.getMessage());
        }
    }

    private QueryResponse unanswered(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return new QueryResponse.Unanswered(base + " did not answer within " + timeout.toSeconds() + "s");
        }
        if (cause instanceof IOException) {
            return new QueryResponse.Unanswered(base + " could not be reached: " + cause);
        }
        return new QueryResponse.Unanswered(base + " failed: " + cause);
    }
}
