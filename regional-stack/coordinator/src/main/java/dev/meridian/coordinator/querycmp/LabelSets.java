package dev.meridian.coordinator.querycmp;

import dev.meridian.promql.syntax.Quoting;
import java.util.Map;
import java.util.SortedMap;

/** Label sets written for people, the way PromQL writes a series selector. */
final class LabelSets {
    private LabelSets() {}

    /** {@code up{instance="a:9100", job="node"}}; {@code {}} for the empty set. */
    static String format(SortedMap<String, String> labels) {
        StringBuilder out = new StringBuilder();
        String name = labels.get("__name__");
        if (name != null) {
            out.append(name);
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getKey().equals("__name__")) {
                continue;
            }
            if (!first) {
                out.append(", ");
            }
            first = false;
            out.append(label.getKey()).append('=');
            Quoting.appendQuoted(out, label.getValue());
        }
        return out.append('}').toString();
    }
}
