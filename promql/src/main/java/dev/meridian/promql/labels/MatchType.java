package dev.meridian.promql.labels;

/** The four ways a PromQL selector can match a label value. */
public enum MatchType {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    MatchType(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in PromQL. */
    public String symbol() {
        return symbol;
    }
}
