package dev.meridian.promql.labels;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.syntax.Quoting;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable label set, sorted by name, as Prometheus identifies a series. Labels with an empty
 * value do not exist (setting a label to {@code ""} removes it), so {@link #get} returns {@code ""}
 * for a missing label, exactly as Prometheus does.
 *
 * <p>Names and values are ordered by Unicode code point, which is the byte order of their UTF-8
 * encoding and therefore the order Prometheus uses.
 */
public final class Labels implements Comparable<Labels> {
    /** The label that holds the metric name. */
    public static final String METRIC_NAME = "__name__";

    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    /** Orders strings as their UTF-8 bytes would be ordered. */
    public static final Comparator<String> NAME_ORDER = Labels::compareStrings;

    private final String[] names;
    private final String[] values;
    private int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * Creates a label set from alternating names and values. Empty values are dropped.
     *
     * @throws IllegalArgumentException on an odd number of arguments or a repeated name
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "labels need name/value pairs (got " + namesAndValues.length + " strings)");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = requireNonNull(namesAndValues[i], "label name is null");
            if (builder.has(name)) {
                throw new IllegalArgumentException("label name " + Quoting.quote(name) + " repeated");
            }
            builder.set(name, namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Creates a label set from a map. Empty values are dropped. */
    public static Labels of(Map<String, String> map) {
        Builder builder = builder();
        map.forEach(builder::set);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder(EMPTY);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    public String name(int index) {
        return names[index];
    }

    public String value(int index) {
        return values[index];
    }

    /** The value of {@code name}, or {@code ""} if the label is absent. */
    public String get(String name) {
        int index = indexOf(name);
        return index < 0 ? "" : values[index];
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The metric name, or {@code ""} if there is none. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    private int indexOf(String name) {
        // Label sets are small; a linear scan beats binary search on short arrays.
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** This label set without {@code __name__}. */
    public Labels withoutMetricName() {
        int index = indexOf(METRIC_NAME);
        if (index < 0) {
            return this;
        }
        return removeIndex(index);
    }

    /** Only the labels named in {@code keep}. */
    public Labels keep(Collection<String> keep) {
        int count = 0;
        boolean[] kept = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            if (keep.contains(names[i])) {
                kept[i] = true;
                count++;
            }
        }
        return select(kept, count);
    }

    /** All labels except those named in {@code drop}. */
    public Labels without(Collection<String> drop) {
        int count = 0;
        boolean[] kept = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            if (!drop.contains(names[i])) {
                kept[i] = true;
                count++;
            }
        }
        return select(kept, count);
    }

    private Labels select(boolean[] kept, int count) {
        if (count == names.length) {
            return this;
        }
        String[] n = new String[count];
        String[] v = new String[count];
        for (int i = 0, j = 0; i < names.length; i++) {
            if (kept[i]) {
                n[j] = names[i];
                v[j] = values[i];
                j++;
            }
        }
        return new Labels(n, v);
    }

    private Labels removeIndex(int index) {
        String[] n = new String[names.length - 1];
        String[] v = new String[names.length - 1];
        System.arraycopy(names, 0, n, 0, index);
        System.arraycopy(values, 0, v, 0, index);
        System.arraycopy(names, index + 1, n, index, names.length - index - 1);
        System.arraycopy(values, index + 1, v, index, names.length - index - 1);
        return new Labels(n, v);
    }

    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels other)) {
            return false;
        }
        if (hash != 0 && other.hash != 0 && hash != other.hash) {
            return false;
        }
        return Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (int i = 0; i < names.length; i++) {
                h = 31 * (31 * h + names[i].hashCode()) + values[i].hashCode();
            }
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    /** Prometheus' order: label by label, name then value; a prefix sorts first. */
    @Override
    public int compareTo(Labels other) {
        int n = Math.min(names.length, other.names.length);
        for (int i = 0; i < n; i++) {
            int c = compareStrings(names[i], other.names[i]);
            if (c != 0) {
                return c;
            }
            c = compareStrings(values[i], other.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(names.length, other.names.length);
    }

    /** Compares by Unicode code point, i.e. by UTF-8 byte order. */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /** Prometheus' format: {@code {__name__="up", job="api"}}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(names[i]).append('=');
            Quoting.appendQuoted(out, values[i]);
        }
        return out.append('}').toString();
    }

    /** Builds a label set from a base set plus changes; setting {@code ""} removes a label. */
    public static final class Builder {
        private final TreeMap<String, String> labels = new TreeMap<>(NAME_ORDER);

        private Builder(Labels base) {
            for (int i = 0; i < base.names.length; i++) {
                labels.put(base.names[i], base.values[i]);
            }
        }

        public Builder set(String name, String value) {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            if (value.isEmpty()) {
                labels.remove(name);
            } else {
                labels.put(name, value);
            }
            return this;
        }

        public Builder remove(String name) {
            labels.remove(name);
            return this;
        }

        public Builder removeAll(Collection<String> names) {
            names.forEach(labels::remove);
            return this;
        }

        public Builder keepOnly(Collection<String> names) {
            labels.keySet().retainAll(names);
            return this;
        }

        public boolean has(String name) {
            return labels.containsKey(name);
        }

        public String get(String name) {
            return labels.getOrDefault(name, "");
        }

        public Labels build() {
            if (labels.isEmpty()) {
                return EMPTY;
            }
            String[] n = new String[labels.size()];
            String[] v = new String[labels.size()];
            int i = 0;
            for (Map.Entry<String, String> entry : labels.entrySet()) {
                n[i] = entry.getKey();
                v[i] = entry.getValue();
                i++;
            }
            return new Labels(n, v);
        }
    }

    /** Whether {@code name} is a valid label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
