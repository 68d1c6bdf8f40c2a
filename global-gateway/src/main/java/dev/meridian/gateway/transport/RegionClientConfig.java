package dev.meridian.gateway.transport;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.client.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the gateway reaches one region: the region's name, its read coordinators, and the knobs
 * of hedging, the circuit breaker and the Info refresh. See global-gateway/docs/region-client.md.
 *
 * @param region the region's name, the value of its {@code region} label
 * @param endpoints the region's read coordinators as {@code host:port} (plaintext gRPC), in
 *     preference order; calls rotate over them
 * @param hedge when a Query or Store call is also sent to a second endpoint
 * @param breaker the region's circuit breaker
 * @param infoRefreshInterval how often the client asks the region for its {@code RegionInfo}
 * @param infoTimeout the deadline of each Info call
 * @param maxResponseMessageBytes the largest single response message accepted (a Query or Store
 *     message holds whole series, so this bounds one series, not a whole answer)
 */
public record RegionClientConfig(
        String region,
        List<String> endpoints,
        HedgePolicy hedge,
        BreakerConfig breaker,
        Duration infoRefreshInterval,
        Duration infoTimeout,
        int maxResponseMessageBytes) {
    public static final Duration DEFAULT_INFO_REFRESH_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_INFO_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RESPONSE_MESSAGE_BYTES = 64 << 20;

    public RegionClientConfig {
        requireNonNull(region, "region is null");
        if (region.isEmpty()) {
            throw new IllegalArgumentException("region name must not be empty");
        }
        endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("region " + region + " needs at least one endpoint (host:port)");
        }
        Set<String> seen = new HashSet<>();
        for (String endpoint : endpoints) {
            parseEndpoint(region, endpoint);
            if (!seen.add(endpoint)) {
                throw new IllegalArgumentException("region " + region + " lists endpoint " + endpoint + " twice");
            }
        }
        requireNonNull(hedge, "hedge is null");
        requireNonNull(breaker, "breaker is null");
        requirePositive(region, infoRefreshInterval, "infoRefreshInterval");
        requirePositive(region, infoTimeout, "infoTimeout");
        if (maxResponseMessageBytes <= 0) {
            throw new IllegalArgumentException("region " + region + ": maxResponseMessageBytes must be > 0 (got: "
                    + maxResponseMessageBytes + ")");
        }
    }

    /** A configuration with every knob at its default; see {@link Builder}. */
    public static Builder builder(String region, List<String> endpoints) {
        return new Builder(region, endpoints);
    }

    /** The endpoints as Armeria endpoints, in order. */
    public List<Endpoint> parsedEndpoints() {
        List<Endpoint> parsed = new ArrayList<>(endpoints.size());
        for (String endpoint : endpoints) {
            parsed.add(parseEndpoint(region, endpoint));
        }
        return parsed;
    }

    private static Endpoint parseEndpoint(String region, String endpoint) {
        requireNonNull(endpoint, "endpoint is null");
        Endpoint parsed;
        try {
            parsed = Endpoint.parse(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("region " + region + ": endpoint must be host:port (got: " + endpoint + ")", e);
        }
        if (!parsed.hasPort() || parsed.port() <= 0 || parsed.port() > 65535) {
            throw new IllegalArgumentException(
                    "region " + region + ": endpoint must be host:port with a port in [1, 65535] (got: " + endpoint + ")");
        }
        return parsed;
    }

    private static void requirePositive(String region, Duration duration, String name) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("region " + region + ": " + name + " must be > 0 (got: " + duration + ")");
        }
    }

    /** Builds a {@link RegionClientConfig}; every knob starts at its default. */
    public static final class Builder {
        private final String region;
        private final List<String> endpoints;
        private HedgePolicy hedge = HedgePolicy.defaults();
        private BreakerConfig breaker = BreakerConfig.defaults();
        private Duration infoRefreshInterval = DEFAULT_INFO_REFRESH_INTERVAL;
        private Duration infoTimeout = DEFAULT_INFO_TIMEOUT;
        private int maxResponseMessageBytes = DEFAULT_MAX_RESPONSE_MESSAGE_BYTES;

        private Builder(String region, List<String> endpoints) {
            this.region = requireNonNull(region, "region is null");
            this.endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null"));
        }

        /** Default: {@link HedgePolicy#defaults()}. */
        public Builder hedge(HedgePolicy hedge) {
            this.hedge = requireNonNull(hedge, "hedge is null");
            return this;
        }

        /** Default: {@link BreakerConfig#defaults()}. */
        public Builder breaker(BreakerConfig breaker) {
            this.breaker = requireNonNull(breaker, "breaker is null");
            return this;
        }

        /** Default: {@link #DEFAULT_INFO_REFRESH_INTERVAL}. */
        public Builder infoRefreshInterval(Duration interval) {
            this.infoRefreshInterval = requireNonNull(interval, "interval is null");
            return this;
        }

        /** Default: {@link #DEFAULT_INFO_TIMEOUT}. */
        public Builder infoTimeout(Duration timeout) {
            this.infoTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        /** Default: {@link #DEFAULT_MAX_RESPONSE_MESSAGE_BYTES}. */
        public Builder maxResponseMessageBytes(int bytes) {
            this.maxResponseMessageBytes = bytes;
            return this;
        }

        /** @throws IllegalArgumentException naming the bad value */
        public RegionClientConfig build() {
            return new RegionClientConfig(region, endpoints, hedge, breaker, infoRefreshInterval, infoTimeout,
                    maxResponseMessageBytes);
        }
    }
}
