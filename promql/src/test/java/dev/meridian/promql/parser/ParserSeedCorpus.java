package dev.meridian.promql.parser;

import dev.meridian.promql.promqltest.ConformanceSuite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed corpus of {@link ParserFuzzTest}: for each fuzz target (by method name), the seed files
 * it starts from, by file name.
 *
 * <ul>
 *   <li>{@code parse}: the expression of every {@code eval}, {@code eval_fail} and
 *       {@code eval_ordered} line of the bundled Prometheus 2.42 promqltest files, named
 *       {@code <file>-<sha1 prefix>}, plus the hand-picked inputs below, named by what they probe.
 *   <li>{@code parseSelector}: the series selector of {@code load} lines, one per {@link #shape},
 *       plus hand-picked ones.
 *   <li>{@code seriesDescription}: {@code load} lines, one per {@link #shape}, plus hand-picked ones.
 * </ul>
 *
 * The {@code load} lines repeat themselves with other numbers and label values; keeping one line
 * per shape keeps the corpus at a few hundred files without losing a syntactic form.
 *
 * {@link ParserSeedCorpusTest} checks that the committed corpus holds all of them and writes it.
 */
final class ParserSeedCorpus {
    /** The directory Jazzer reads seeds from, next to the test class: {@code <class>Inputs/<method>}. */
    static final String INPUTS_DIRECTORY = ParserFuzzTest.class.getSimpleName() + "Inputs";

    private static final Pattern EVAL = Pattern.compile("^eval(?:_fail|_ordered)?\\s+instant\\s+(?:at\\s+\\S+\\s+)?(.+)$");
    private static final Pattern LOAD = Pattern.compile("^load\\s+\\S+$");
    private static final Pattern PROMQLTEST_SEED_NAME = Pattern.compile("[a-z_]+-[0-9a-f]{12}");
    private static final Pattern PLAIN_STRING = Pattern.compile("\"[A-Za-z0-9_ .:/-]*\"");

    private ParserSeedCorpus() {}

    /** Seeds by target method, then by file name; both in a stable order. */
    static Map<String, Map<String, String>> seeds() {
        Map<String, String> parse = new LinkedHashMap<>();
        Map<String, String> selectors = new LinkedHashMap<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : ConformanceSuite.prometheus242().entrySet()) {
            String stem = file.getKey().replaceFirst("\\.test$", "");
            boolean inLoad = false;
            for (String rawLine : file.getValue().split("\n")) {
                String line = rawLine.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    inLoad = false;
                    continue;
                }
                Matcher eval = EVAL.matcher(line);
                if (eval.matches()) {
                    addByContent(parse, stem, eval.group(1));
                    inLoad = false;
                } else if (LOAD.matcher(line).matches()) {
                    inLoad = true;
                } else if (inLoad) {
                    addByShape(descriptions, stem, line);
                    addByShape(selectors, stem, seriesSelectorOf(line));
                }
            }
        }
        addNamed(parse, TRICKY_EXPRESSIONS);
        addNamed(selectors, TRICKY_SELECTORS);
        addNamed(descriptions, TRICKY_SERIES_DESCRIPTIONS);
        Map<String, Map<String, String>> seeds = new LinkedHashMap<>();
        seeds.put("parse", parse);
        seeds.put("parseSelector", selectors);
        seeds.put("seriesDescription", descriptions);
        return seeds;
    }

    /** The text of a series description line before its values: up to the closing brace, or the first space. */
    static String seriesSelectorOf(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '}') {
                return line.substring(0, i + 1);
            } else if ((c == ' ' || c == '\t') && line.lastIndexOf('{', i) < 0) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * A line with digit runs replaced by {@code 0} and plain quoted values by {@code "s"}; values
     * with escapes or non-ASCII characters are kept.
     */
    static String shape(String line) {
        return PLAIN_STRING.matcher(line.replaceAll("[0-9]+", "0")).replaceAll("\"s\"");
    }

    private static void addByShape(Map<String, String> seeds, String stem, String content) {
        String shape = shape(content);
        if (seeds.values().stream().noneMatch(seed -> shape(seed).equals(shape))) {
            addByContent(seeds, stem, content);
        }
    }

    /** Whether a seed file name is one given to a promqltest line: {@code <file>-<12 hex digits>}. */
    static boolean isPromqltestSeedName(String name) {
        return PROMQLTEST_SEED_NAME.matcher(name).matches();
    }

    private static void addByContent(Map<String, String> seeds, String stem, String content) {
        if (!seeds.containsValue(content)) {
            seeds.put(stem + "-" + sha1(content).substring(0, 12), content);
        }
    }

    private static void addNamed(Map<String, String> seeds, List<Map.Entry<String, String>> named) {
        for (Map.Entry<String, String> seed : named) {
            if (seeds.putIfAbsent(seed.getKey(), seed.getValue()) != null) {
                throw new IllegalStateException("two seeds named " + seed.getKey());
            }
        }
    }

    private static String sha1(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    private static Map.Entry<String, String> seed(String name, String content) {
        return Map.entry(name, content);
    }

    /**
     * Nesting up to the limit uses shapes the parser handles without recursing once per level
     * (operator chains, subquery chains) or with few frames per level (unary minus). Nested calls
     * and parentheses stay at a moderate depth here: near the limit they can overflow the stack.
     */
    private static final List<Map.Entry<String, String>> TRICKY_EXPRESSIONS = List.of(
            // Strings: quoting styles, escapes, unterminated and invalid forms.
            seed("string-escapes", "\"a\\nb\\x41\\u00e9\\101\\\"\\U0001F600\\\\\\a\\b\\f\\r\\t\\v\""),
            seed("string-single-quoted-escape", "'it\\'s'"),
            seed("string-raw-with-backslashes", "`raw\\n\\x\\q`"),
            seed("string-unterminated-double", "foo{a=\"bar}"),
            seed("string-unterminated-single", "'abc"),
            seed("string-unterminated-raw", "`abc"),
            seed("string-newline-inside", "\"a\nb\""),
            seed("string-trailing-backslash", "\"abc\\"),
            seed("string-unknown-escape", "\"\\q\""),
            seed("string-short-hex-escape", "\"\\x4\""),
            seed("string-octal-escape-too-large", "\"\\400\""),
            seed("string-surrogate-escape", "\"\\ud800\""),
            seed("string-escape-beyond-unicode", "\"\\U00110000\""),
            seed("string-double-quote-escape-in-single", "'\\\"'"),
            seed("string-in-arithmetic", "\"a\" + 1"),
            // Durations.
            seed("duration-compound", "foo[1h30m]"),
            seed("duration-all-units", "foo[1y2w3d4h5m6s7ms]"),
            seed("duration-units-out-of-order", "foo[1m1h]"),
            seed("duration-zero", "foo[0s]"),
            seed("duration-without-unit", "foo[5]"),
            seed("duration-too-large", "foo[999999999999999999y]"),
            seed("duration-offset-compound", "foo offset 1h30m"),
            // Numbers.
            seed("number-hex", "0x1F"),
            seed("number-hex-and-octal", "0X1f + 017"),
            seed("number-hex-without-digits", "0x"),
            seed("number-largest", "1.7976931348623157e308"),
            seed("number-overflow", "1e309"),
            seed("number-underflow", "1e-400"),
            seed("number-int64-overflow", "9223372036854775808"),
            seed("number-negative-zero", "-0"),
            seed("number-short-forms", ".5 + 5. * 1e3 - 1E-3"),
            seed("number-special-values", "Inf + -inf * nAn"),
            seed("number-missing-exponent", "1e"),
            // @ modifier.
            seed("at-start", "foo @ start()"),
            seed("at-end-spaced", "foo @ end ( )"),
            seed("at-timestamp", "foo @ 1609746000"),
            seed("at-negative-fraction", "foo @ -1.5"),
            seed("at-out-of-range", "foo @ 1e400"),
            seed("at-twice", "foo @ start() @ end()"),
            seed("at-on-matrix-in-call", "rate(foo[5m] @ end())"),
            seed("at-on-aggregation", "sum(foo) @ 100"),
            seed("at-large-timestamp", "foo @ 1234567890123.456"),
            // offset.
            seed("offset-negative", "foo offset -5m"),
            seed("offset-negative-spaced", "foo offset - 5m"),
            seed("offset-twice", "foo offset 5m offset 1m"),
            seed("offset-before-range", "foo offset 5m[1m]"),
            seed("offset-and-at-on-subquery", "foo[5m:1m] offset -1h @ 100"),
            // Subqueries.
            seed("subquery-default-step", "rate(foo[5m])[30m:]"),
            seed("subquery-of-subquery", "foo[5m:][5m:]"),
            seed("subquery-nested-in-call", "min_over_time(rate(foo[1m])[5m:1s])"),
            seed("subquery-two-colons", "foo[5m:1m:2m]"),
            // Binary operators and vector matching.
            seed("matching-group-left", "a + on(job) group_left(instance) b"),
            seed("matching-ignoring-set", "a and ignoring(x) b"),
            seed("matching-group-on-set", "a or on() group_left b"),
            seed("matching-label-in-on-and-group", "a * on(x) group_right(x) b"),
            seed("comparison-scalar-bool", "1 > bool 2"),
            seed("comparison-scalar-without-bool", "1 > 2"),
            seed("bool-on-arithmetic", "a + bool b"),
            seed("precedence-pow-unary", "-2 ^ -3 ^ 2 * 4 atan2 5 % 6"),
            // Aggregations.
            seed("aggregation-without-before", "sum without(job) (foo)"),
            seed("aggregation-by-after-trailing-comma", "quantile(0.9, foo) by (le,)"),
            seed("aggregation-grouping-twice", "sum by (job) (foo) by (x)"),
            seed("aggregation-no-arguments", "sum()"),
            seed("aggregation-count-values", "count_values(\"v\", foo)"),
            seed("aggregation-keyword-labels", "sum by (on, by, offset, and) (foo)"),
            // Keywords where names may stand, and upper case keywords.
            seed("name-aggregator-as-metric", "sum + count{a=\"b\"}"),
            seed("name-offset-as-metric", "offset offset 5m"),
            seed("name-set-operators-as-metrics", "and and or"),
            seed("keywords-upper-case", "SUM BY (job) (foo) OFFSET 5m"),
            // Selectors.
            seed("selector-all-matchers", "foo{a=\"1\", b!=\"2\", c=~\"3.*\", d!~'4',}"),
            seed("selector-empty", "{}"),
            seed("selector-only-empty-matcher", "{a=\"\"}"),
            seed("selector-name-twice", "foo{__name__=\"bar\"}"),
            seed("selector-invalid-regex", "foo{a=~\"(\"}"),
            seed("selector-missing-comma", "foo{a=\"b\" c=\"d\"}"),
            seed("selector-metric-identifier", "job:rate5m:sum{a=\"b\"}"),
            // Functions.
            seed("function-variadic", "label_join(foo, \"a\", \",\", \"b\", \"c\", \"d\")"),
            seed("function-optional-argument", "round(foo) + round(foo, 5) + hour()"),
            seed("function-trailing-comma", "abs(foo,)"),
            seed("function-unknown", "unknown_function(foo)"),
            seed("function-wrong-type", "rate(foo)"),
            // Lexer errors.
            seed("lexer-bang", "foo!"),
            seed("lexer-regex-operator-outside-braces", "a =~ b"),
            seed("lexer-unexpected-character", "foo $ bar"),
            seed("lexer-unclosed-bracket", "foo[5m"),
            seed("lexer-right-paren", ")"),
            seed("lexer-nested-braces", "foo{a={}}"),
            // Comments, whitespace, unicode.
            seed("comment-between-operands", "foo # comment\n + bar"),
            seed("comment-only", "# only a comment"),
            seed("whitespace-only", " \t\r\n"),
            seed("unicode-label-value", "foo{a=\"héllo wörld ☃ 😀\"}"),
            seed("unicode-string", "\"日本語\\u2028\""),
            seed("unicode-metric-name", "métric"),
            seed("unicode-label-name", "foo{ä=\"b\"}"),
            seed("unicode-byte-order-mark", "\uFEFFfoo"),
            seed("unicode-fullwidth-digits-in-escape", "\"\\x１２\""),
            // Nesting depth.
            seed("depth-unary-at-limit", "-".repeat(Parser.MAX_DEPTH - 1) + "foo"),
            seed("depth-unary-over-limit", "-".repeat(Parser.MAX_DEPTH) + "foo"),
            seed("depth-chain-at-limit", "1" + " + 1".repeat(Parser.MAX_DEPTH - 1)),
            seed("depth-chain-over-limit", "1" + " + 1".repeat(Parser.MAX_DEPTH)),
            seed("depth-pow-chain-at-limit", "2" + "^2".repeat(Parser.MAX_DEPTH - 1)),
            seed("depth-subquery-chain-over-limit", "foo" + "[1m:]".repeat(Parser.MAX_DEPTH)),
            seed("depth-parentheses", "(".repeat(300) + "foo" + ")".repeat(300)),
            seed("depth-calls", "abs(".repeat(200) + "foo" + ")".repeat(200)),
            seed("depth-unclosed-parentheses", "(".repeat(300)));

    private static final List<Map.Entry<String, String>> TRICKY_SELECTORS = List.of(
            seed("name-only", "foo"),
            seed("matchers-only", "{a=\"b\"}"),
            seed("all-matchers-trailing-comma", "foo{a=~\"x.*\",b!=\"c\",d!~'e',}"),
            seed("keyword-names", "sum"),
            seed("keyword-offset", "offset{a=\"b\"}"),
            seed("metric-identifier", "job:rate5m{a=\"b\"}"),
            seed("with-range", "foo[5m]"),
            seed("with-offset", "foo offset 5m"),
            seed("only-empty-matcher", "{a=\"\"}"),
            seed("name-twice", "foo{__name__=\"bar\"}"),
            seed("name-as-matcher", "{__name__=~\"foo|bar\"}"),
            seed("string", "\"foo\""),
            seed("unicode-value", "foo{a=\"héllo ☃ 😀\"}"),
            seed("unterminated", "foo{a=\"b\""),
            seed("empty-braces", "foo{}"));

    private static final List<Map.Entry<String, String>> TRICKY_SERIES_DESCRIPTIONS = List.of(
            seed("plain-values", "foo 1 2 3"),
            seed("all-value-forms", "foo{a=\"b\"} 0+10x10 _ stale 3x2 _x3 1-1x3"),
            seed("name-as-label", "{__name__=\"foo\"} 1"),
            seed("special-values", "foo Inf -Inf NaN nan +inf"),
            seed("number-forms", "foo 1e3 .5 5. -2.5e-3"),
            seed("count-too-large", "foo 1x10000001"),
            seed("count-not-a-number", "foo 1xabc"),
            seed("label-set-twice", "foo{a=\"b\",a=\"c\"} 1"),
            seed("keyword-name", "sum 1"),
            seed("unclosed-braces", "foo{a=\"b\""),
            seed("unquoted-label-value", "foo{a=1} 1"),
            seed("number-as-name", "123 1"),
            seed("no-values", "foo    "),
            seed("values-without-space", "foo{a=\"b\"}1 2"),
            seed("unicode-label-value", "foo{a=\"☃\"} 1"));
}
