package dev.meridian.promql.parser;

/** Kinds of PromQL tokens. */
enum TokenType {
    EOF(Group.OTHER, null),
    ERROR(Group.OTHER, null),
    IDENTIFIER(Group.OTHER, null),
    METRIC_IDENTIFIER(Group.OTHER, null),
    NUMBER(Group.OTHER, null),
    DURATION(Group.OTHER, null),
    STRING(Group.OTHER, null),

    LEFT_PAREN(Group.PUNCTUATION, "("),
    RIGHT_PAREN(Group.PUNCTUATION, ")"),
    LEFT_BRACE(Group.PUNCTUATION, "{"),
    RIGHT_BRACE(Group.PUNCTUATION, "}"),
    LEFT_BRACKET(Group.PUNCTUATION, "["),
    RIGHT_BRACKET(Group.PUNCTUATION, "]"),
    COMMA(Group.PUNCTUATION, ","),
    EQL(Group.PUNCTUATION, "="),
    COLON(Group.PUNCTUATION, ":"),
    AT(Group.PUNCTUATION, "@"),

    ADD(Group.OPERATOR, "+"),
    SUB(Group.OPERATOR, "-"),
    MUL(Group.OPERATOR, "*"),
    DIV(Group.OPERATOR, "/"),
    MOD(Group.OPERATOR, "%"),
    POW(Group.OPERATOR, "^"),
    EQLC(Group.OPERATOR, "=="),
    NEQ(Group.OPERATOR, "!="),
    LSS(Group.OPERATOR, "<"),
    LTE(Group.OPERATOR, "<="),
    GTR(Group.OPERATOR, ">"),
    GTE(Group.OPERATOR, ">="),
    EQL_REGEX(Group.OPERATOR, "=~"),
    NEQ_REGEX(Group.OPERATOR, "!~"),
    LAND(Group.OPERATOR, "and"),
    LOR(Group.OPERATOR, "or"),
    LUNLESS(Group.OPERATOR, "unless"),
    ATAN2(Group.OPERATOR, "atan2"),

    SUM(Group.AGGREGATOR, "sum"),
    AVG(Group.AGGREGATOR, "avg"),
    COUNT(Group.AGGREGATOR, "count"),
    MIN(Group.AGGREGATOR, "min"),
    MAX(Group.AGGREGATOR, "max"),
    GROUP(Group.AGGREGATOR, "group"),
    STDDEV(Group.AGGREGATOR, "stddev"),
    STDVAR(Group.AGGREGATOR, "stdvar"),
    TOPK(Group.AGGREGATOR, "topk"),
    BOTTOMK(Group.AGGREGATOR, "bottomk"),
    COUNT_VALUES(Group.AGGREGATOR, "count_values"),
    QUANTILE(Group.AGGREGATOR, "quantile"),

    OFFSET(Group.KEYWORD, "offset"),
    BY(Group.KEYWORD, "by"),
    WITHOUT(Group.KEYWORD, "without"),
    ON(Group.KEYWORD, "on"),
    IGNORING(Group.KEYWORD, "ignoring"),
    GROUP_LEFT(Group.KEYWORD, "group_left"),
    GROUP_RIGHT(Group.KEYWORD, "group_right"),
    BOOL(Group.KEYWORD, "bool");

    enum Group {
        OTHER,
        PUNCTUATION,
        OPERATOR,
        AGGREGATOR,
        KEYWORD
    }

    private final Group group;
    private final String text;

    TokenType(Group group, String text) {
        this.group = group;
        this.text = text;
    }

    Group group() {
        return group;
    }

    /** The fixed spelling of punctuation, operators and keywords; null for the others. */
    String text() {
        return text;
    }

    boolean isAggregator() {
        return group == Group.AGGREGATOR;
    }

    /** What kind of token this is, as error messages say it ("identifier", "number"). */
    String description() {
        return switch (this) {
            case EOF -> "end of input";
            case ERROR -> "error";
            case IDENTIFIER -> "identifier";
            case METRIC_IDENTIFIER -> "metric identifier";
            case NUMBER -> "number";
            case DURATION -> "duration";
            case STRING -> "string";
            default -> text;
        };
    }
}
