package dev.meridian.gateway.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.api.ApiLimits;
import dev.meridian.api.QueryConfig;
import dev.meridian.config.StrictYaml;
import dev.meridian.gateway.cache.ResultsCacheConfig;
import dev.meridian.gateway.exec.PartialResponse;
import dev.meridian.gateway.transport.BreakerConfig;
import dev.meridian.gateway.transport.HedgePolicy;
import dev.meridian.tracing.TracingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The global gateway's configuration (docs/gateway-config.md), read from YAML key by key: unknown,
 * repeated or malformed keys are errors naming the file and the key.
 *
 * @param regions every region with its read coordinators' gRPC endpoints ({@code host:port})
 * @param partialResponse what a failed or late region does to a request that does not say
 * @param minRegions fail requests on which fewer regions answered (0: no minimum)
 * @param regionTimeout each region call's deadline (the query's own timeout caps it)
 * @param hedge when a second endpoint of a region gets the same call
 * @param breaker each region's circuit breaker
 * @param cache the results cache, empty if disabled
 * @param limits the query API's limits, as a region's
 * @param queryConcurrency queries and lookups that run at once
 * @param otlpEndpoint where traces go (OTLP/HTTP, the {@code tracing} block read by {@link TracingConfig}), empty for none
 */
public record GatewayConfig(String host, int port, List<RegionEndpoints> regions, PartialResponse partialResponse,
        int minRegions, Duration regionTimeout, HedgePolicy hedge, BreakerConfig breaker,
        Optional<ResultsCacheConfig> cache, ApiLimits limits, int queryConcurrency, Optional<String> otlpEndpoint) {
    private static final Set<String> ROOT_KEYS = Set.of("server", "regions", "partialResponse", "minRegions", "regionTimeout",
            "hedge", "breaker", "cache", "query", "tracing");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port");
    private static final Set<String> REGION_KEYS = Set.of("name", "endpoints");
    private static final Set<String> HEDGE_KEYS = Set.of("delay", "min", "max");
    private static final Set<String> BREAKER_KEYS = Set.of("failureRate", "minimumRequests", "openWindow");
    private static final Set<String> CACHE_KEYS = Set.of("enabled", "maxBytes", "splitInterval", "freshness");

    /** One region: its name (the value of its {@code region} label) and read coordinators. */
    public record RegionEndpoints(String name, List<String> endpoints) {
        public RegionEndpoints {
            requireNonNull(name, "name is null");
            endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null"));
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("region " + name + " needs at least one endpoint");
            }
        }
    }

    public GatewayConfig {
        requireNonNull(host, "host is null");
        regions = List.copyOf(requireNonNull(regions, "regions is null"));
        requireNonNull(partialResponse, "partialResponse is null");
        requireNonNull(regionTimeout, "regionTimeout is null");
        requireNonNull(hedge, "hedge is null");
        requireNonNull(breaker, "breaker is null");
        requireNonNull(cache, "cache is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(otlpEndpoint, "otlpEndpoint is null");
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("at least one region is needed");
        }
        if (minRegions < 0 || minRegions > regions.size()) {
            throw new IllegalArgumentException("minRegions must be from 0 to " + regions.size() + " (got: " + minRegions + ")");
        }
        if (queryConcurrency <= 0) {
            throw new IllegalArgumentException("queryConcurrency must be > 0 (got: " + queryConcurrency + ")");
        }
    }

    /** A config for {@code regions} with every other setting at its default. */
    public static GatewayConfig defaults(String host, int port, List<RegionEndpoints> regions) {
        return new GatewayConfig(host, port, regions, PartialResponse.WARN, 0, ApiLimits.DEFAULT.queryTimeout(),
                HedgePolicy.defaults(), BreakerConfig.defaults(), Optional.of(defaultCache()), ApiLimits.DEFAULT,
                QueryConfig.DEFAULT_MAX_CONCURRENCY,
                Optional.empty());
    }

    private static ResultsCacheConfig defaultCache() {
        return new ResultsCacheConfig(ResultsCacheConfig.DEFAULT_SPLIT_INTERVAL, ResultsCacheConfig.DEFAULT_FRESHNESS,
                ResultsCacheConfig.DEFAULT_MAX_WEIGHT_BYTES, ResultsCacheConfig.DEFAULT_MAX_WINDOWS_PER_FETCH);
    }

    /** @throws GatewayConfigException naming the file and key if it cannot be read or is invalid */
    public static GatewayConfig load(Path file) {
        requireNonNull(file, "file is null");
        StrictYaml yaml = StrictYaml.readMapping(file, "expected a mapping with at least regions",
                (key, problem, cause) -> new GatewayConfigException(file, key, problem, cause));
        JsonNode root = yaml.root();
        yaml.checkKeys(null, root, ROOT_KEYS);
        JsonNode server = yaml.optionalMapping(null, root, "server", SERVER_KEYS, "expected a mapping with host and port");
        String host = server == null ? "127.0.0.1" : yaml.text("server", server, "host", "127.0.0.1");
        int port = server == null ? 9090 : yaml.port("server", server, "port", 9090);
        List<RegionEndpoints> regions = regions(yaml, yaml.required(null, root, "regions"));

        PartialResponse partial = PartialResponse.WARN;
        String partialText = yaml.text(null, root, "partialResponse", "warn");
        switch (partialText) {
            case "warn" -> partial = PartialResponse.WARN;
            case "abort" -> partial = PartialResponse.ABORT;
            default -> throw yaml.problem("partialResponse", "expected warn or abort (got: \"" + partialText + "\")");
        }
        int minRegions = (int) yaml.whole(null, root, "minRegions", 0, 0, regions.size());

        QueryConfig query = QueryConfig.read(yaml, root);
        ApiLimits limits = query.limits();
        int concurrency = query.maxConcurrency();
        Duration regionTimeout = yaml.duration(null, root, "regionTimeout", limits.queryTimeout());

        HedgePolicy hedge = hedge(yaml, yaml.optionalMapping(null, root, "hedge", HEDGE_KEYS,
                "expected a mapping with delay (p95, off or a duration), min and max"));
        BreakerConfig breaker = breaker(yaml, yaml.optionalMapping(null, root, "breaker", BREAKER_KEYS,
                "expected a mapping with failureRate, minimumRequests and openWindow"));
        Optional<ResultsCacheConfig> cache = cache(yaml, yaml.optionalMapping(null, root, "cache", CACHE_KEYS,
                "expected a mapping with enabled, maxBytes, splitInterval and freshness"));
        Optional<String> otlp = TracingConfig.read(yaml, root).otlpEndpoint();
        try {
            return new GatewayConfig(host, port, regions, partial, minRegions, regionTimeout, hedge, breaker, cache, limits,
                    concurrency, otlp);
        } catch (IllegalArgumentException e) {
            throw new GatewayConfigException(file, null, e.getMessage(), e);
        }
    }

    private static List<RegionEndpoints> regions(StrictYaml yaml, JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw yaml.problem("regions", "expected a list of regions, each with name and endpoints");
        }
        List<RegionEndpoints> regions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String where = "regions[" + i + "]";
            JsonNode region = node.get(i);
            if (!region.isObject()) {
                throw yaml.problem(where, "expected a mapping with name and endpoints");
            }
            yaml.checkKeys(where, region, REGION_KEYS);
            String name = yaml.text(where + ".name", yaml.required(where, region, "name"));
            if (!names.add(name)) {
                throw yaml.problem(where + ".name", "region " + name + " is listed twice");
            }
            JsonNode endpoints = yaml.required(where, region, "endpoints");
            if (!endpoints.isArray() || endpoints.isEmpty()) {
                throw yaml.problem(where + ".endpoints", "expected a list of host:port of the region's read coordinators");
            }
            List<String> list = new ArrayList<>();
            for (int j = 0; j < endpoints.size(); j++) {
                String key = where + ".endpoints[" + j + "]";
                String endpoint = yaml.text(key, endpoints.get(j));
                int colon = endpoint.lastIndexOf(':');
                if (colon <= 0 || !endpoint.substring(colon + 1).matches("[0-9]{1,5}")
                        || Integer.parseInt(endpoint.substring(colon + 1)) > 65535) {
                    throw yaml.problem(key, "expected host:port (got: \"" + endpoint + "\")");
                }
                list.add(endpoint);
            }
            regions.add(new RegionEndpoints(name, list));
        }
        return regions;
    }

    private static HedgePolicy hedge(StrictYaml yaml, JsonNode node) {
        if (node == null) {
            return HedgePolicy.defaults();
        }
        String delay = yaml.text("hedge", node, "delay", "p95");
        if (delay.equals("off")) {
            return HedgePolicy.off();
        }
        Duration min = yaml.duration("hedge", node, "min", Duration.ofMillis(20));
        Duration max = yaml.duration("hedge", node, "max", Duration.ofSeconds(2));
        if (delay.matches("p[0-9]{1,2}")) {
            try {
                return HedgePolicy.percentile(Integer.parseInt(delay.substring(1)) / 100.0, 100, min, max);
            } catch (IllegalArgumentException e) {
                throw yaml.problem("hedge", e.getMessage(), e);
            }
        }
        return HedgePolicy.fixed(yaml.duration("hedge", node, "delay", null));
    }

    private static BreakerConfig breaker(StrictYaml yaml, JsonNode node) {
        BreakerConfig d = BreakerConfig.defaults();
        if (node == null) {
            return d;
        }
        JsonNode rate = node.get("failureRate");
        double failureRate = d.failureRateThreshold();
        if (rate != null) {
            if (!rate.isNumber() || rate.doubleValue() <= 0 || rate.doubleValue() > 1) {
                throw yaml.problem("breaker.failureRate", "expected a fraction above 0 and at most 1 (got: " + rate + ")");
            }
            failureRate = rate.doubleValue();
        }
        return new BreakerConfig(failureRate,
                yaml.positive("breaker", node, "minimumRequests", d.minimumRequestThreshold(), Integer.MAX_VALUE),
                yaml.duration("breaker", node, "openWindow", d.circuitOpenWindow()), d.trialRequestInterval(),
                d.counterSlidingWindow(), d.counterUpdateInterval());
    }

    private static Optional<ResultsCacheConfig> cache(StrictYaml yaml, JsonNode node) {
        ResultsCacheConfig d = defaultCache();
        if (node == null) {
            return Optional.of(d);
        }
        JsonNode enabled = node.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw yaml.problem("cache.enabled", "expected true or false (got: " + enabled + ")");
        }
        if (enabled != null && !enabled.booleanValue()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ResultsCacheConfig(yaml.duration("cache", node, "splitInterval", d.splitInterval()),
                    yaml.duration("cache", node, "freshness", d.freshness()),
                    yaml.positive("cache", node, "maxBytes", d.maxWeightBytes(), Long.MAX_VALUE), d.maxWindowsPerFetch()));
        } catch (IllegalArgumentException e) {
            throw yaml.problem("cache", e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "GatewayConfig[" + host + ":" + port + ", regions=" + regions + ", partialResponse="
                + partialResponse.name().toLowerCase(Locale.ROOT) + "]";
    }
}
