package dev.meridian.promql.parser;

import dev.meridian.promql.ast.PositionRange;
import dev.meridian.promql.syntax.Quoting;

/**
 * A lexed token: its type, where it starts and its text. For {@link TokenType#ERROR} the text is
 * the lexer's error message.
 */
record Token(TokenType type, int pos, String text) {
    PositionRange range() {
        return new PositionRange(pos, pos + (type == TokenType.ERROR || type == TokenType.EOF ? 0 : text.length()));
    }

    int end() {
        return pos + text.length();
    }

    /** How Prometheus names a token in "unexpected ..." messages, e.g. {@code identifier "foo"}. */
    String describe() {
        return switch (type.group()) {
            case PUNCTUATION -> Quoting.quote(text);
            case OPERATOR -> "<op:" + text + ">";
            case AGGREGATOR -> "<aggr:" + text + ">";
            case KEYWORD -> "<" + text + ">";
            case OTHER -> switch (type) {
                case EOF -> "end of input";
                case ERROR -> text;
                case IDENTIFIER, METRIC_IDENTIFIER -> type.description() + " " + Quoting.quote(text);
                default -> type.description() + " " + abbreviate(text);
            };
        };
    }

    private static String abbreviate(String text) {
        if (text.codePointCount(0, text.length()) > 10) {
            return Quoting.quote(text.substring(0, text.offsetByCodePoints(0, 10))) + "...";
        }
        return Quoting.quote(text);
    }
}
