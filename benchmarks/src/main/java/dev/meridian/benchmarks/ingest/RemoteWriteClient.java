package dev.meridian.benchmarks.ingest;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.WriteRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Posts remote-write 1.0 requests as Prometheus does: a snappy block-compressed {@code
 * WriteRequest} with {@code Content-Type: application/x-protobuf}, {@code Content-Encoding:
 * snappy} and {@code X-Prometheus-Remote-Write-Version: 0.1.0}. Thread-safe.
 */
public final class RemoteWriteClient {
    /** The answer to one post; {@code status} is -1 when no answer came, with the reason in {@code body}. */
    public record Response(int status, String body) {
        public boolean acknowledged() {
            return status / 100 == 2;
        }

        /** "HTTP 400: reason" or "no answer: reason". */
        public String describe() {
            return (status < 0 ? "no answer" : "HTTP " + status) + ": " + body.strip();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String userAgent;
    private final Duration timeout;

    public RemoteWriteClient(String userAgent, Duration timeout) {
        this.userAgent = requireNonNull(userAgent, "userAgent is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The request body: the serialized request, snappy block-compressed. */
    public static byte[] encode(WriteRequest request) {
        try {
            return Snappy.compress(request.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code labels} as remote-write labels, in label order. */
    public static List<Label> labels(Labels labels) {
        List<Label> protos = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            protos.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
        }
        return protos;
    }

    /** Posts an {@link #encode encoded} body to {@code url} and waits for the answer. */
    public Response post(URI url, byte[] body) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/x-protobuf")
                    .header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .header("User-Agent", userAgent)
                    .timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        }
    }
}
