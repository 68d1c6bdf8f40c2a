package dev.meridian.coordinator.querycmp;

/** How many of the compared evaluations (two per query: instant and range) matched. */
public record QueryCmpReport(int matched, int total) {
    public QueryCmpReport {
        if (matched < 0 || matched > total) {
            throw new IllegalArgumentException("matched must be within [0, total] (got: " + matched + " of " + total + ")");
        }
    }

    public boolean allMatched() {
        return matched == total;
    }

    /** The summary line: {@code matched=N total=M}. */
    public String summary() {
        return "matched=" + matched + " total=" + total;
    }
}
