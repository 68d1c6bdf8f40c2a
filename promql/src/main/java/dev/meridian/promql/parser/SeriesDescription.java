package dev.meridian.promql.parser;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.PositionRange;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.promql.syntax.Numbers;
import dev.meridian.promql.syntax.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A series with a sequence of values, as written in promqltest files and rule unit tests:
 * {@code http_requests{job="api"} 0+10x5 _ stale 3x2}.
 *
 * <p>Value items, separated by spaces:
 * <ul>
 *   <li>{@code v} — one value; a number, {@code Inf}, {@code NaN} (any case, optional sign), or
 *       {@code stale} for a staleness marker
 *   <li>{@code vxn} — {@code n+1} copies of {@code v}
 *   <li>{@code v+dxn} / {@code v-dxn} — {@code n+1} values starting at {@code v}, adding {@code d}
 *       each time (by repeated addition, as Prometheus does)
 *   <li>{@code _} — one missing value; {@code _xn} — {@code n} missing values
 * </ul>
 *
 * @param labels the series' labels, the metric name included
 * @param values one entry per interval step; missing steps are {@link SequenceValue#omitted()}
 */
public record SeriesDescription(Labels labels, List<SequenceValue> values) {
    /** One step of a series description. */
    public record SequenceValue(double value, boolean omitted) {
        static final SequenceValue OMITTED = new SequenceValue(0, true);
    }

    private static final String NUMBER = "(?:[0-9]+\\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?"
            + "|[iI][nN][fF]|[nN][aA][nN])";
    /** Most values one line may expand to; more would only exhaust memory. */
    static final long MAX_VALUES = 10_000_000;
    private static final Pattern ITEM = Pattern.compile(
            "([+-]?" + NUMBER + ")(?:([+-]" + NUMBER + ")?x([0-9]+))?");
    private static final Pattern BLANK = Pattern.compile("_(?:x([0-9]+))?");

    public SeriesDescription {
        requireNonNull(labels, "labels is null");
        values = List.copyOf(values);
    }

    /**
     * Parses one series description line.
     *
     * @throws ParseException naming the position and the problem
     */
    public static SeriesDescription parse(String line) {
        Lexer lexer = new Lexer(line);
        Token first = lexer.next();
        if (first.type() == TokenType.ERROR) {
            throw new ParseException(line, first.range(), first.text());
        }
        Labels.Builder labels = Labels.builder();
        int metricEnd;
        Token brace;
        if (first.type() == TokenType.LEFT_BRACE) {
            brace = first;
        } else if (first.type() == TokenType.IDENTIFIER || first.type() == TokenType.METRIC_IDENTIFIER
                || first.type().group() == TokenType.Group.AGGREGATOR || first.type().group() == TokenType.Group.KEYWORD) {
            labels.set(Labels.METRIC_NAME, first.text());
            metricEnd = first.end();
            brace = metricEnd < line.length() && line.charAt(metricEnd) == '{' ? lexer.next() : null;
        } else {
            throw new ParseException(line, first.range(), "unexpected " + first.describe() + " in series description");
        }
        if (brace == null) {
            metricEnd = first.end();
        } else {
            metricEnd = parseLabelSet(line, lexer, labels);
        }
        return new SeriesDescription(labels.build(), parseValues(line, metricEnd));
    }

    /** Parses {@code name="value", ...}} after the opening brace; returns the end of the brace. */
    private static int parseLabelSet(String line, Lexer lexer, Labels.Builder labels) {
        while (true) {
            Token name = next(line, lexer);
            if (name.type() == TokenType.RIGHT_BRACE) {
                return name.end();
            }
            if (name.type() != TokenType.IDENTIFIER) {
                throw new ParseException(line, name.range(),
                        "unexpected " + name.describe() + " in label set, expected identifier or \"}\"");
            }
            Token eq = next(line, lexer);
            if (eq.type() != TokenType.EQL) {
                throw new ParseException(line, eq.range(), "unexpected " + eq.describe() + " in label set, expected \"=\"");
            }
            Token value = next(line, lexer);
            if (value.type() != TokenType.STRING) {
                throw new ParseException(line, value.range(), "unexpected " + value.describe() + " in label set, expected string");
            }
            if (labels.has(name.text())) {
                throw new ParseException(line, name.range(), "label " + Quoting.quote(name.text()) + " set twice");
            }
            labels.set(name.text(), Quoting.unquote(value.text()));
            Token separator = next(line, lexer);
            if (separator.type() == TokenType.RIGHT_BRACE) {
                return separator.end();
            }
            if (separator.type() != TokenType.COMMA) {
                throw new ParseException(line, separator.range(),
                        "unexpected " + separator.describe() + " in label set, expected \",\" or \"}\"");
            }
        }
    }

    private static Token next(String line, Lexer lexer) {
        Token token = lexer.next();
        if (token.type() == TokenType.ERROR) {
            throw new ParseException(line, token.range(), token.text());
        }
        return token;
    }

    private static List<SequenceValue> parseValues(String line, int from) {
        List<SequenceValue> values = new ArrayList<>();
        int pos = from;
        while (pos < line.length()) {
            if (values.size() > MAX_VALUES) {
                throw new ParseException(line, new PositionRange(pos, line.length()),
                        "series description expands to more than " + MAX_VALUES + " values");
            }
            while (pos < line.length() && Lexer.isSpace(line.charAt(pos))) {
                pos++;
            }
            int start = pos;
            while (pos < line.length() && !Lexer.isSpace(line.charAt(pos))) {
                pos++;
            }
            if (start < pos) {
                parseItem(line, start, pos, values);
            }
        }
        return values;
    }

    private static void parseItem(String line, int start, int end, List<SequenceValue> out) {
        String item = line.substring(start, end);
        Matcher blank = BLANK.matcher(item);
        if (blank.matches()) {
            long n = blank.group(1) == null ? 1 : parseCount(line, start, end, blank.group(1));
            for (long i = 0; i < n; i++) {
                out.add(SequenceValue.OMITTED);
            }
            return;
        }
        if (item.equals("stale")) {
            out.add(new SequenceValue(StaleMarker.VALUE, false));
            return;
        }
        Matcher m = ITEM.matcher(item);
        if (!m.matches()) {
            throw new ParseException(line, new PositionRange(start, end),
                    "invalid value " + Quoting.quote(item) + " in series description");
        }
        double value = signedNumber(m.group(1), line, start, end);
        if (m.group(3) == null) {
            out.add(new SequenceValue(value, false));
            return;
        }
        long n = parseCount(line, start, end, m.group(3));
        if (out.size() + n >= MAX_VALUES) {
            throw new ParseException(line, new PositionRange(start, end),
                    "series description expands to more than " + MAX_VALUES + " values");
        }
        double delta = m.group(2) == null ? 0 : signedNumber(m.group(2), line, start, end);
        for (long i = 0; i <= n; i++) {
            out.add(new SequenceValue(value, false));
            value += delta;
        }
    }

    /**
     * A number with an optional sign, which applies to any number as in Prometheus' grammar
     * ({@code -NaN}, {@code +Inf}); a magnitude beyond float64 is a parse error.
     */
    private static double signedNumber(String text, String line, int start, int end) {
        boolean negative = text.startsWith("-");
        String magnitude = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        try {
            double v = Numbers.parseFloat(magnitude);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new ParseException(line, new PositionRange(start, end), "error parsing number: " + e.getMessage());
        }
    }

    private static long parseCount(String line, int start, int end, String digits) {
        try {
            long n = Long.parseLong(digits);
            if (n > MAX_VALUES) {
                throw new NumberFormatException("too large");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ParseException(line, new PositionRange(start, end),
                    "invalid repetition count " + Quoting.quote(digits) + " in series description");
        }
    }
}
