package dev.meridian.promql.parser;

import dev.meridian.promql.syntax.Quoting;
import java.util.Locale;
import java.util.Map;

/**
 * Splits PromQL text into tokens, one at a time. Like Prometheus' lexer it is context-sensitive:
 * inside {@code {...}} every word is a label name (keywords included), inside {@code [...]} only
 * durations and {@code :} may appear, and a number directly followed by a unit is a duration.
 * The first problem becomes an {@link TokenType#ERROR} token carrying the message; after it only
 * {@link TokenType#EOF} follows.
 */
final class Lexer {
    private static final Map<String, TokenType> KEYWORDS = Map.ofEntries(
            Map.entry("and", TokenType.LAND),
            Map.entry("or", TokenType.LOR),
            Map.entry("unless", TokenType.LUNLESS),
            Map.entry("atan2", TokenType.ATAN2),
            Map.entry("sum", TokenType.SUM),
            Map.entry("avg", TokenType.AVG),
            Map.entry("count", TokenType.COUNT),
            Map.entry("min", TokenType.MIN),
            Map.entry("max", TokenType.MAX),
            Map.entry("group", TokenType.GROUP),
            Map.entry("stddev", TokenType.STDDEV),
            Map.entry("stdvar", TokenType.STDVAR),
            Map.entry("topk", TokenType.TOPK),
            Map.entry("bottomk", TokenType.BOTTOMK),
            Map.entry("count_values", TokenType.COUNT_VALUES),
            Map.entry("quantile", TokenType.QUANTILE),
            Map.entry("offset", TokenType.OFFSET),
            Map.entry("by", TokenType.BY),
            Map.entry("without", TokenType.WITHOUT),
            Map.entry("on", TokenType.ON),
            Map.entry("ignoring", TokenType.IGNORING),
            Map.entry("group_left", TokenType.GROUP_LEFT),
            Map.entry("group_right", TokenType.GROUP_RIGHT),
            Map.entry("bool", TokenType.BOOL),
            // Special float values are numbers, in any case.
            Map.entry("inf", TokenType.NUMBER),
            Map.entry("nan", TokenType.NUMBER));

    private final String input;
    private int pos;
    private int start;
    private int parenDepth;
    private boolean braceOpen;
    private boolean bracketOpen;
    private boolean gotColon;
    private boolean done;

    Lexer(String input) {
        this.input = input;
    }

    /** The next token; {@link TokenType#EOF} forever once the input (or an error) is reached. */
    Token next() {
        if (done) {
            return new Token(TokenType.EOF, input.length(), "");
        }
        Token token = braceOpen ? lexInsideBraces() : lexStatement();
        if (token.type() == TokenType.EOF || token.type() == TokenType.ERROR) {
            done = true;
        }
        return token;
    }

    private Token lexStatement() {
        skipSpaceAndComments();
        start = pos;
        if (pos >= input.length()) {
            if (parenDepth != 0) {
                return error("unclosed left parenthesis");
            }
            if (bracketOpen) {
                return error("unclosed left bracket");
            }
            return new Token(TokenType.EOF, pos, "");
        }
        char c = input.charAt(pos++);
        switch (c) {
            case ',':
                return emit(TokenType.COMMA);
            case '*':
                return emit(TokenType.MUL);
            case '/':
                return emit(TokenType.DIV);
            case '%':
                return emit(TokenType.MOD);
            case '+':
                return emit(TokenType.ADD);
            case '-':
                return emit(TokenType.SUB);
            case '^':
                return emit(TokenType.POW);
            case '@':
                return emit(TokenType.AT);
            case '=':
                if (peek() == '=') {
                    pos++;
                    return emit(TokenType.EQLC);
                }
                if (peek() == '~') {
                    return error("unexpected character after '=': " + quoteRune(peek()));
                }
                return emit(TokenType.EQL);
            case '!':
                if (peek() == '=') {
                    pos++;
                    return emit(TokenType.NEQ);
                }
                return error("unexpected character after '!': " + quoteRune(peekOrEof()));
            case '<':
                if (peek() == '=') {
                    pos++;
                    return emit(TokenType.LTE);
                }
                return emit(TokenType.LSS);
            case '>':
                if (peek() == '=') {
                    pos++;
                    return emit(TokenType.GTE);
                }
                return emit(TokenType.GTR);
            case '"':
            case '\'':
                return lexString(c);
            case '`':
                return lexRawString();
            case '(':
                parenDepth++;
                return emit(TokenType.LEFT_PAREN);
            case ')':
                parenDepth--;
                if (parenDepth < 0) {
                    return error("unexpected right parenthesis ')'");
                }
                return emit(TokenType.RIGHT_PAREN);
            case '{':
                braceOpen = true;
                return emit(TokenType.LEFT_BRACE);
            case '[':
                if (bracketOpen) {
                    return error("unexpected left bracket '['");
                }
                bracketOpen = true;
                gotColon = false;
                Token bracket = emit(TokenType.LEFT_BRACKET);
                return bracket;
            case ']':
                if (!bracketOpen) {
                    return error("unexpected right bracket ']'");
                }
                bracketOpen = false;
                return emit(TokenType.RIGHT_BRACKET);
            default:
                break;
        }
        if (isDigit(c) || (c == '.' && isDigit(peek()))) {
            pos--;
            return lexNumberOrDuration();
        }
        if (bracketOpen && c == ':') {
            if (gotColon) {
                return error("unexpected colon ':'");
            }
            gotColon = true;
            return emit(TokenType.COLON);
        }
        if (bracketOpen && isAlpha(c)) {
            return error("unexpected character inside brackets: " + quoteRune(c));
        }
        if (isAlpha(c) || c == ':') {
            pos--;
            return lexKeywordOrIdentifier();
        }
        return error("unexpected character: " + quoteRune(input.codePointAt(pos - 1)));
    }

    private Token lexInsideBraces() {
        skipSpaceAndComments();
        start = pos;
        if (pos >= input.length()) {
            return error("unexpected end of input inside braces");
        }
        char c = input.charAt(pos++);
        if (isAlpha(c)) {
            while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                pos++;
            }
            return emit(TokenType.IDENTIFIER);
        }
        switch (c) {
            case ',':
                return emit(TokenType.COMMA);
            case '"':
            case '\'':
                return lexString(c);
            case '`':
                return lexRawString();
            case '=':
                if (peek() == '~') {
                    pos++;
                    return emit(TokenType.EQL_REGEX);
                }
                return emit(TokenType.EQL);
            case '!':
                if (peek() == '~') {
                    pos++;
                    return emit(TokenType.NEQ_REGEX);
                }
                if (peek() == '=') {
                    pos++;
                    return emit(TokenType.NEQ);
                }
                return error("unexpected character after '!' inside braces: " + quoteRune(peekOrEof()));
            case '{':
                return error("unexpected left brace '{'");
            case '}':
                braceOpen = false;
                return emit(TokenType.RIGHT_BRACE);
            default:
                return error("unexpected character inside braces: " + quoteRune(input.codePointAt(pos - 1)));
        }
    }

    private Token lexNumberOrDuration() {
        if (scanNumber()) {
            if (bracketOpen && !gotColon) {
                return error("missing unit character in duration");
            }
            return emit(TokenType.NUMBER);
        }
        if (acceptRemainingDuration()) {
            return emit(TokenType.DURATION);
        }
        return error("bad number or duration syntax: " + quote(input.substring(start, Math.min(pos, input.length()))));
    }

    /**
     * Scans digits (hexadecimal after {@code 0x}), a fraction and an exponent. Returns true if the
     * number is not directly followed by a letter or digit, i.e. it is not the start of a duration.
     */
    private boolean scanNumber() {
        String digits = "0123456789";
        if (accept("0") && accept("xX")) {
            digits = "0123456789abcdefABCDEF";
        }
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (accept("eE")) {
            accept("+-");
            acceptRun("0123456789");
        }
        return pos >= input.length() || !isAlphaNumeric(input.charAt(pos));
    }

    /** Accepts the units of a duration after its first number, e.g. {@code m30s} of {@code 1m30s}. */
    private boolean acceptRemainingDuration() {
        if (!accept("smhdwy")) {
            return false;
        }
        accept("s"); // "ms"; impossible units like "hs" fail when the duration is parsed.
        while (accept("0123456789")) {
            acceptRun("0123456789");
            if (!accept("smhdw")) {
                return false;
            }
            accept("s");
        }
        if (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
            return false;
        }
        return true;
    }

    private Token lexKeywordOrIdentifier() {
        while (pos < input.length() && (isAlphaNumeric(input.charAt(pos)) || input.charAt(pos) == ':')) {
            pos++;
        }
        String word = input.substring(start, pos);
        TokenType keyword = KEYWORDS.get(word.toLowerCase(Locale.ROOT));
        if (keyword != null) {
            return emit(keyword);
        }
        return emit(word.indexOf(':') >= 0 ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER);
    }

    /** Scans a quoted string, checking escapes; the token text keeps the quotes and escapes. */
    private Token lexString(char quote) {
        while (true) {
            if (pos >= input.length()) {
                return error("unterminated quoted string");
            }
            char c = input.charAt(pos++);
            if (c == quote) {
                return emit(TokenType.STRING);
            }
            if (c == '\n') {
                return error("unterminated quoted string");
            }
            if (c == '\\') {
                String problem = checkEscape(quote);
                if (problem != null) {
                    return error(problem);
                }
            }
        }
    }

    /** Validates the escape after a backslash; returns an error message or null. */
    private String checkEscape(char quote) {
        if (pos >= input.length()) {
            return "escape sequence not terminated";
        }
        char c = input.charAt(pos++);
        int digits;
        int base;
        int max;
        switch (c) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\':
                return null;
            case '0', '1', '2', '3', '4', '5', '6', '7':
                pos--;
                digits = 3;
                base = 8;
                max = 255;
                break;
            case 'x':
                digits = 2;
                base = 16;
                max = 255;
                break;
            case 'u':
                digits = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
                break;
            case 'U':
                digits = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
                break;
            default:
                if (c == quote) {
                    return null;
                }
                return "unknown escape sequence " + goUnicodeFormat(input.codePointAt(pos - 1));
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            if (pos >= input.length()) {
                return "escape sequence not terminated";
            }
            int d = asciiDigit(input.charAt(pos), base);
            if (d < 0) {
                return "illegal character " + goUnicodeFormat(input.codePointAt(pos)) + " in escape sequence";
            }
            value = value * base + d;
            pos++;
        }
        if (value > max || (value >= 0xD800 && value < 0xE000 && base == 16 && digits > 2)) {
            return "escape sequence is an invalid Unicode code point";
        }
        return null;
    }

    private Token lexRawString() {
        while (true) {
            if (pos >= input.length()) {
                return error("unterminated raw string");
            }
            if (input.charAt(pos++) == '`') {
                return emit(TokenType.STRING);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < input.length() && input.charAt(pos) != '\n' && input.charAt(pos) != '\r') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token emit(TokenType type) {
        Token token = new Token(type, start, input.substring(start, pos));
        start = pos;
        return token;
    }

    private Token error(String message) {
        return new Token(TokenType.ERROR, start, message);
    }

    private char peek() {
        return pos < input.length() ? input.charAt(pos) : '\0';
    }

    private int peekOrEof() {
        return pos < input.length() ? input.codePointAt(pos) : -1;
    }

    private boolean accept(String valid) {
        if (pos < input.length() && valid.indexOf(input.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void acceptRun(String valid) {
        while (accept(valid)) {
            // Consume.
        }
    }

    /** The value of an ASCII digit in {@code base} (8 or 16), or -1; other scripts' digits do not count. */
    private static int asciiDigit(char c, int base) {
        int d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return -1;
        }
        return d < base ? d : -1;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAlphaNumeric(char c) {
        return isAlpha(c) || isDigit(c);
    }

    private static String quote(String s) {
        return Quoting.quote(s);
    }

    /** Go's {@code %q} for a rune: {@code '~'}; end of input is reported as {@code EOF}. */
    private static String quoteRune(int codePoint) {
        if (codePoint < 0) {
            return "EOF";
        }
        if (codePoint == '\'') {
            return "'\\''";
        }
        String quoted = quote(new String(Character.toChars(codePoint)));
        return "'" + quoted.substring(1, quoted.length() - 1) + "'";
    }

    /** Go's {@code %#U}: {@code U+0071 'q'}. */
    private static String goUnicodeFormat(int codePoint) {
        return String.format(Locale.ROOT, "U+%04X '%s'", codePoint, new String(Character.toChars(codePoint)));
    }
}
