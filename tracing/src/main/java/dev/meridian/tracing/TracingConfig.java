package dev.meridian.tracing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.config.StrictYaml;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code tracing} block that every role's YAML config may have (gateway, coordinator, storage
 * node):
 *
 * <pre>
 * tracing: {otlpEndpoint: http://collector:4318}
 * </pre>
 *
 * {@code otlpEndpoint} is the collector's OTLP/HTTP URL ({@code http} or {@code https}, with a
 * host; {@code /v1/traces} is added when it has no path, see {@link TracingSetup}). Without it,
 * or without the block, the role records no spans but still passes trace context on.
 *
 * @param otlpEndpoint where the role's spans go, empty for nowhere
 */
public record TracingConfig(Optional<String> otlpEndpoint) {
    /** No block, or no {@code otlpEndpoint}: no spans are exported. */
    public static final TracingConfig NONE = new TracingConfig(Optional.empty());

    private static final Set<String> KEYS = Set.of("otlpEndpoint");
    private static final String EXPECTED = "expected an http(s) URL with a host, e.g. http://collector:4318";

    /** @throws IllegalArgumentException if the endpoint is not an http(s) URL with a host */
    public TracingConfig {
        requireNonNull(otlpEndpoint, "otlpEndpoint is null");
        otlpEndpoint.ifPresent(TracingSetup::tracesUrl);
    }

    /**
     * The {@code tracing} mapping of {@code root}, or {@link #NONE} if there is none; problems
     * (an unknown key, an endpoint that is not an http(s) URL) name {@code tracing.<key>}.
     */
    public static TracingConfig read(StrictYaml yaml, JsonNode root) {
        requireNonNull(yaml, "yaml is null");
        requireNonNull(root, "root is null");
        JsonNode tracing = yaml.optionalMapping(null, root, "tracing", KEYS, "expected a mapping with otlpEndpoint");
        if (tracing == null || !tracing.has("otlpEndpoint")) {
            return NONE;
        }
        String endpoint = yaml.text("tracing.otlpEndpoint", tracing.get("otlpEndpoint"));
        try {
            return new TracingConfig(Optional.of(endpoint));
        } catch (IllegalArgumentException e) {
            throw yaml.problem("tracing.otlpEndpoint", EXPECTED + " (got: \"" + endpoint + "\")", e);
        }
    }
}
