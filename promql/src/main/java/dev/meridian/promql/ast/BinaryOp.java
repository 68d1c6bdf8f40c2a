package dev.meridian.promql.ast;

/**
 * Binary operators with Prometheus' precedence (higher binds tighter) and associativity. Only
 * {@code ^} is right-associative.
 */
public enum BinaryOp {
    OR("or", 1, Kind.SET),
    AND("and", 2, Kind.SET),
    UNLESS("unless", 2, Kind.SET),
    EQL("==", 3, Kind.COMPARISON),
    NEQ("!=", 3, Kind.COMPARISON),
    GTR(">", 3, Kind.COMPARISON),
    LSS("<", 3, Kind.COMPARISON),
    GTE(">=", 3, Kind.COMPARISON),
    LTE("<=", 3, Kind.COMPARISON),
    ADD("+", 4, Kind.ARITHMETIC),
    SUB("-", 4, Kind.ARITHMETIC),
    MUL("*", 5, Kind.ARITHMETIC),
    DIV("/", 5, Kind.ARITHMETIC),
    MOD("%", 5, Kind.ARITHMETIC),
    ATAN2("atan2", 5, Kind.ARITHMETIC),
    POW("^", 6, Kind.ARITHMETIC);

    /** The three families of binary operators. */
    public enum Kind {
        ARITHMETIC,
        COMPARISON,
        SET
    }

    private final String symbol;
    private final int precedence;
    private final Kind kind;

    BinaryOp(String symbol, int precedence, Kind kind) {
        this.symbol = symbol;
        this.precedence = precedence;
        this.kind = kind;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isRightAssociative() {
        return this == POW;
    }

    public boolean isComparison() {
        return kind == Kind.COMPARISON;
    }

    public boolean isSetOperator() {
        return kind == Kind.SET;
    }

    /**
     * Arithmetic results lose the metric name (they are no longer that metric); comparisons
     * without {@code bool} filter and keep it.
     */
    public boolean dropsMetricName() {
        return kind == Kind.ARITHMETIC && this != ATAN2;
    }

    public Kind kind() {
        return kind;
    }
}
