package dev.meridian.gateway.plan;

/** How the gateway combines the regions' results of one pushdown. */
public enum Merge {
    /** The regions' series side by side (they are disjoint: each keeps {@code region}). */
    UNION("union"),
    /** Per output label set and step, the sum of the regions' values (sum, count, count_values). */
    SUM("sum"),
    /** The smallest of the regions' values; NaN only if all are NaN (as {@code min}). */
    MIN("min"),
    /** The largest of the regions' values; NaN only if all are NaN (as {@code max}). */
    MAX("max"),
    /** 1 wherever any region has the group. */
    GROUP("group"),
    /** The sum of the regions' sums divided by the sum of their counts. */
    AVG("sum of sums / sum of counts"),
    /** The regions' counts, means and variances combined with Chan et al.'s parallel formula. */
    STDVAR("parallel variance (Chan et al.)"),
    /** The square root of {@link #STDVAR}. */
    STDDEV("sqrt of parallel variance (Chan et al.)");

    private final String description;

    Merge(String description) {
        this.description = description;
    }

    /** How the merge is described in a plan's JSON. */
    public String description() {
        return description;
    }
}
