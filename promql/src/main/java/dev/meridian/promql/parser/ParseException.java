package dev.meridian.promql.parser;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.PositionRange;

/**
 * A query that does not parse or does not type-check. The message reads like Prometheus':
 * {@code 1:9: parse error: unexpected end of input}, with the 1-based line and column of the
 * problem.
 */
public final class ParseException extends PromqlException {
    private static final long serialVersionUID = 1L;

    private final String query;
    private final PositionRange position;
    private final String detail;

    public ParseException(String query, PositionRange position, String detail) {
        super(ErrorCode.PARSE_ERROR, format(query, position, detail));
        this.query = requireNonNull(query, "query is null");
        this.position = requireNonNull(position, "position is null");
        this.detail = requireNonNull(detail, "detail is null");
    }

    /** The text that failed to parse. */
    public String query() {
        return query;
    }

    /** Where in {@link #query()} the problem is. */
    public PositionRange position() {
        return position;
    }

    /** The message without its position prefix. */
    public String detail() {
        return detail;
    }

    /** 1-based line of the problem. */
    public int line() {
        int line = 1;
        for (int i = 0; i < Math.min(position.start(), query.length()); i++) {
            if (query.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** 1-based column of the problem within its line. */
    public int column() {
        int lineStart = query.lastIndexOf('\n', Math.min(position.start(), query.length()) - 1) + 1;
        return position.start() - lineStart + 1;
    }

    private static String format(String query, PositionRange position, String detail) {
        int start = position.start();
        if (start > query.length()) {
            return "invalid position: parse error: " + detail;
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < start; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (start - lineStart + 1) + ": parse error: " + detail;
    }
}
