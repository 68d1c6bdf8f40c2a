package dev.meridian.coordinator.querycmp;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link QueryCmp} compares: two endpoints, the queries, the instant time ({@code end}), the
 * range ({@code start}, {@code end}, {@code step}), the value tolerance, the labels removed from
 * every series before comparing (e.g. a region's external label {@code region}) and the per-query
 * timeout. Build with {@link #builder()}, which reads every setting from its text form.
 */
public record QueryCmpSettings(URI reference, URI target, List<String> queries, long startMillis, long endMillis,
        long stepMillis, Tolerance tolerance, Set<String> ignoredLabels, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public QueryCmpSettings {
        requireNonNull(reference, "reference is null");
        requireNonNull(target, "target is null");
        requireNonNull(tolerance, "tolerance is null");
        requireNonNull(timeout, "timeout is null");
        queries = List.copyOf(queries);
        ignoredLabels = Set.copyOf(ignoredLabels);
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no queries to compare");
        }
        if (startMillis > endMillis) {
            throw new IllegalArgumentException("start must not be after end (got: start " + ApiTimes.formatSeconds(startMillis)
                    + ", end " + ApiTimes.formatSeconds(endMillis) + ")");
        }
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("step must be > 0 (got: " + ApiTimes.formatSeconds(stepMillis) + "s)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0 (got: " + timeout + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads each setting from text; every method throws {@link IllegalArgumentException} naming a bad value. */
    public static final class Builder {
        private URI reference;
        private URI target;
        private List<String> queries;
        private Long start;
        private Long end;
        private Long step;
        private double relativeTolerance = Tolerance.DEFAULT_RELATIVE;
        private double absoluteTolerance = Tolerance.DEFAULT_ABSOLUTE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Set<String> ignoredLabels = new LinkedHashSet<>();

        private Builder() {}

        public Builder reference(String url) {
            this.reference = endpoint("reference", url);
            return this;
        }

        public Builder target(String url) {
            this.target = endpoint("target", url);
            return this;
        }

        /** Reads the queries from {@code file} (see {@link QueriesFile}). */
        public Builder queriesFile(Path file) {
            this.queries = QueriesFile.read(requireNonNull(file, "file is null"));
            return this;
        }

        public Builder queries(List<String> queries) {
            this.queries = List.copyOf(queries);
            return this;
        }

        /** Unix seconds or RFC 3339. */
        public Builder start(String time) {
            this.start = time("start", time);
            return this;
        }

        /** Unix seconds or RFC 3339; also the time of the instant queries. */
        public Builder end(String time) {
            this.end = time("end", time);
            return this;
        }

        /** Seconds or a Prometheus duration. */
        public Builder step(String duration) {
            requireNonNull(duration, "step is null");
            try {
                this.step = ApiTimes.parseDuration(duration);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid step: " + e.getMessage(), e);
            }
            return this;
        }

        public Builder tolerance(double relative) {
            this.relativeTolerance = relative;
            return this;
        }

        public Builder absoluteTolerance(double absolute) {
            this.absoluteTolerance = absolute;
            return this;
        }

        /**
         * Removes the label {@code name} from every series of both answers before they are
         * compared; may be called for several names. For endpoints that add labels the other does
         * not have, like the external label {@code region} every series of a Meridian region has.
         */
        public Builder ignoreLabel(String name) {
            requireNonNull(name, "ignored label is null");
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid ignore-label \"" + name
                        + "\": expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*");
            }
            ignoredLabels.add(name);
            return this;
        }

        /** Seconds or a Prometheus duration. */
        public Builder timeout(String duration) {
            requireNonNull(duration, "timeout is null");
            try {
                this.timeout = Duration.ofMillis(ApiTimes.parseDuration(duration));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid timeout: " + e.getMessage(), e);
            }
            return this;
        }

        public QueryCmpSettings build() {
            require(reference, "reference");
            require(target, "target");
            require(queries, "queries");
            require(start, "start");
            require(end, "end");
            require(step, "step");
            return new QueryCmpSettings(reference, target, queries, start, end, step,
                    new Tolerance(relativeTolerance, absoluteTolerance), ignoredLabels, timeout);
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is not set");
            }
        }

        private static long time(String name, String text) {
            requireNonNull(text, name + " is null");
            try {
                return ApiTimes.parseTime(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid " + name + ": " + e.getMessage(), e);
            }
        }

        private static URI endpoint(String name, String url) {
            requireNonNull(url, name + " is null");
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("invalid " + name + " URL \"" + url + "\": " + e.getReason(), e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("invalid " + name + " URL \"" + url
                        + "\": expected http:// or https:// and a host, like http://127.0.0.1:9090");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("invalid " + name + " URL \"" + url
                        + "\": the endpoint's base URL takes no query or fragment");
            }
            return uri;
        }
    }
}
