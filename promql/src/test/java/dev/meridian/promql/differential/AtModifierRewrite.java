package dev.meridian.promql.differential;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a query evaluated at one time into an equivalent one without {@code @} modifiers:
 * {@code x @ T offset o} evaluated at {@code t} selects exactly what {@code x offset (o + t - T)}
 * selects. Prometheus 2.42 implements {@code @} by turning it into such an offset relative to the
 * query's start and evaluating the expression once; where it evaluates per step anyway (a range
 * function with a step-dependent argument such as {@code predict_linear}, an aggregation
 * parameter, {@code timestamp()} of a selector with a negative offset) its answers drift from the
 * pinned time. The rewritten query avoids that code, so it is a second opinion from Prometheus.
 *
 * <p>Inside a subquery an {@code @} cannot become a fixed offset (the subquery evaluates at many
 * times), so queries with subqueries are not rewritten.
 */
final class AtModifierRewrite {
    private static final String DURATION = "-?(?:[0-9]+(?:ms|[smhdwy]))+";
    private static final Pattern AT = Pattern.compile("(?:offset\\s+(" + DURATION + ")\\s*)?"
            + "@\\s*(start\\(\\)|end\\(\\)|[0-9]+(?:\\.[0-9]+)?)(?:\\s*offset\\s+(" + DURATION + "))?");
    private static final Pattern SUBQUERY = Pattern.compile("\\[[^\\]]*:[^\\]]*\\]");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|[smhdwy])");

    private AtModifierRewrite() {}

    /**
     * The query with each {@code @} replaced by an offset, for evaluation at {@code time};
     * {@code start()} and {@code end()} stand for {@code start} and {@code end} (in an instant
     * query all three are the same). Empty if the query has no {@code @} or has a subquery.
     */
    static Optional<String> atTime(String query, long time, long start, long end) {
        if (!query.contains("@") || SUBQUERY.matcher(query).find()) {
            return Optional.empty();
        }
        Matcher m = AT.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String offsetText = m.group(1) != null ? m.group(1) : m.group(3);
            long offset = offsetText == null ? 0 : durationMillis(offsetText);
            long at = switch (m.group(2)) {
                case "start()" -> start;
                case "end()" -> end;
                default -> new BigDecimal(m.group(2)).movePointRight(3).longValueExact();
            };
            long total = offset + time - at;
            // "offset 0ms" does not parse; no offset is the same.
            m.appendReplacement(out, Matcher.quoteReplacement(total == 0 ? "" : "offset " + total + "ms"));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    /** A PromQL duration such as {@code 1h30m} or {@code -5m} in milliseconds. */
    static long durationMillis(String text) {
        boolean negative = text.startsWith("-");
        Matcher part = DURATION_PART.matcher(negative ? text.substring(1) : text);
        long total = 0;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                throw new IllegalArgumentException("not a duration: " + text);
            }
            end = part.end();
            long n = Long.parseLong(part.group(1));
            total += n * switch (part.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                case "w" -> 7 * 86_400_000L;
                default -> 365 * 86_400_000L;
            };
        }
        if (end == 0 || end != text.length() - (negative ? 1 : 0)) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return negative ? -total : total;
    }
}
