package dev.meridian.promql.engine.internal;

import dev.meridian.promql.ast.VectorMatching;
import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The match groups of vector matching: {@code on(l...)} compares only the listed labels,
 * {@code ignoring(l...)} (and no clause) all labels but the listed ones and the metric name.
 * Each distinct group gets a small integer, so per-step matching works on arrays.
 */
final class MatchSignatures {
    private final Map<Labels, Integer> ids = new HashMap<>();
    private final List<Labels> groups = new ArrayList<>();
    private final boolean on;
    private final Set<String> labels;

    MatchSignatures(VectorMatching matching) {
        this.on = matching.on();
        Set<String> names = new HashSet<>(matching.matchingLabels());
        if (!on) {
            names.add(Labels.METRIC_NAME);
        }
        this.labels = names;
    }

    /** The signature of each series. */
    int[] of(List<Labels> series) {
        int[] sigs = new int[series.size()];
        for (int i = 0; i < sigs.length; i++) {
            Labels key = on ? series.get(i).keep(labels) : series.get(i).without(labels);
            Integer id = ids.get(key);
            if (id == null) {
                id = groups.size();
                ids.put(key, id);
                groups.add(key);
            }
            sigs[i] = id;
        }
        return sigs;
    }

    int count() {
        return groups.size();
    }

    /** The labels that define signature {@code sig}, for error messages. */
    Labels group(int sig) {
        return groups.get(sig);
    }
}
