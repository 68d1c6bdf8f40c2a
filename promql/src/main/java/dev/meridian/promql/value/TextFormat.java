package dev.meridian.promql.value;

import dev.meridian.promql.syntax.Numbers;
import dev.meridian.promql.syntax.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders query results as text, one line per sample, as {@code promtool query} prints them:
 * {@code {job="api"} => 12.5 @[1700000000]} for vectors, a header line per series followed by its
 * points for matrices. Times are Unix seconds.
 */
public final class TextFormat {
    private TextFormat() {}

    public static List<String> lines(Value value) {
        List<String> lines = new ArrayList<>();
        if (value instanceof Scalar s) {
            lines.add("scalar: " + Numbers.format(s.value()) + " @[" + seconds(s.timestamp()) + "]");
        } else if (value instanceof StringValue s) {
            lines.add("string: " + Quoting.quote(s.value()) + " @[" + seconds(s.timestamp()) + "]");
        } else if (value instanceof Vector v) {
            for (Sample sample : v.samples()) {
                lines.add(sample.labels() + " => " + Numbers.format(sample.value()) + " @[" + seconds(sample.timestamp()) + "]");
            }
        } else if (value instanceof Matrix m) {
            for (RangeSeries series : m.series()) {
                lines.add(series.labels() + " =>");
                for (int i = 0; i < series.size(); i++) {
                    lines.add(Numbers.format(series.value(i)) + " @[" + seconds(series.timestamp(i)) + "]");
                }
            }
        }
        return lines;
    }

    /** Milliseconds as Unix seconds, with the fraction only when there is one. */
    static String seconds(long millis) {
        if (millis % 1000 == 0) {
            return Long.toString(millis / 1000);
        }
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
