package dev.meridian.promql.ast;

/** Aggregation operators; some take a parameter before the vector. */
public enum AggregationOp {
    SUM("sum", null),
    AVG("avg", null),
    COUNT("count", null),
    MIN("min", null),
    MAX("max", null),
    GROUP("group", null),
    STDDEV("stddev", null),
    STDVAR("stdvar", null),
    TOPK("topk", ValueType.SCALAR),
    BOTTOMK("bottomk", ValueType.SCALAR),
    QUANTILE("quantile", ValueType.SCALAR),
    COUNT_VALUES("count_values", ValueType.STRING);

    private final String keyword;
    private final ValueType paramType;

    AggregationOp(String keyword, ValueType paramType) {
        this.keyword = keyword;
        this.paramType = paramType;
    }

    public String keyword() {
        return keyword;
    }

    public boolean hasParam() {
        return paramType != null;
    }

    /** The type of the parameter, or null if the operator takes none. */
    public ValueType paramType() {
        return paramType;
    }
}
