package dev.meridian.api;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.syntax.Numbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hour of 15s samples from {@link #T0}, the same in an {@link InMemoryStorage} and as the
 * OpenMetrics text promtool backfills into a real Prometheus: targets' {@code up}, request
 * counters, loads with fractions, values that test number formatting (NaN, ±Inf, 1e-7, 1.5e22,
 * -0.25), and label values that test JSON escaping.
 */
final class ApiDataset {
    static final long T0 = 1_700_000_000L;
    static final int SAMPLES = 241;

    /** Family name and type, then its series' label sets (without {@code __name__}). */
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, List<String[]>> series = new LinkedHashMap<>();

    ApiDataset() {
        family("up", "gauge", new String[] {"job", "api", "instance", "a"}, new String[] {"job", "api", "instance", "b"},
                new String[] {"job", "db", "instance", "c"});
        family("http_requests", "counter", new String[] {"job", "api", "instance", "a", "code", "200"},
                new String[] {"job", "api", "instance", "a", "code", "500"});
        family("node_load1", "gauge", new String[] {"instance", "a"}, new String[] {"instance", "b"});
        family("weird_values", "gauge", new String[] {"kind", "nan"}, new String[] {"kind", "inf"},
                new String[] {"kind", "tiny"}, new String[] {"kind", "huge"}, new String[] {"kind", "neg"});
        family("escape_test", "gauge", new String[] {"path", "/a<b>&c", "quote", "say \"hi\"\\", "unicode", "caf\u00e9 \u2028"});
    }

    private void family(String name, String type, String[]... labelSets) {
        types.put(name, type);
        series.put(name, List.of(labelSets));
    }

    /** The value of series {@code index} of {@code family} at sample {@code i}. */
    private static double value(String family, int index, int i) {
        return switch (family) {
            case "up" -> index == 2 && i >= 120 ? 0 : 1;
            case "http_requests" -> index == 0 ? i * 3 + i % 5 : 1 + i / 7;
            case "node_load1" -> 1 + ((i * (index + 3)) % 17) / 10.0;
            case "weird_values" -> switch (index) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> 1e-7 * (1 + i % 3);
                case 3 -> 1.5e22;
                default -> -0.25 * i;
            };
            default -> i;
        };
    }

    private static String metricName(String family, String type) {
        return type.equals("counter") ? family + "_total" : family;
    }

    InMemoryStorage storage() {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryStorage.Appender appender = storage.appender();
        series.forEach((family, sets) -> {
            for (int index = 0; index < sets.size(); index++) {
                List<String> namesAndValues = new ArrayList<>(List.of(sets.get(index)));
                namesAndValues.add(Labels.METRIC_NAME);
                namesAndValues.add(metricName(family, types.get(family)));
                Labels labels = Labels.of(namesAndValues.toArray(String[]::new));
                for (int i = 0; i < SAMPLES; i++) {
                    appender.add(labels, (T0 + i * 15) * 1000, value(family, index, i));
                }
            }
        });
        appender.commit();
        return storage;
    }

    String openMetrics() {
        StringBuilder out = new StringBuilder();
        series.forEach((family, sets) -> {
            out.append("# TYPE ").append(family).append(' ').append(types.get(family)).append('\n');
            for (int i = 0; i < SAMPLES; i++) {
                for (int index = 0; index < sets.size(); index++) {
                    String[] labels = sets.get(index);
                    out.append(metricName(family, types.get(family))).append('{');
                    for (int l = 0; l < labels.length; l += 2) {
                        out.append(l == 0 ? "" : ",").append(labels[l]).append("=\"").append(escape(labels[l + 1])).append('"');
                    }
                    double v = value(family, index, i);
                    String text = Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : Numbers.format(v);
                    out.append("} ").append(text).append(' ').append(T0 + i * 15).append('\n');
                }
            }
        });
        return out.append("# EOF\n").toString();
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
