package dev.meridian.storage.index;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.storage.index.PostingsSource.LabelPostings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * The label values a matcher accepts in its positive sense ({@code =} and {@code !=} accept the
 * value itself, {@code =~} and {@code !~} what the regex matches; {@link MatcherEvaluation}
 * applies the negation), in the shape that decides how the index finds them:
 *
 * <ul>
 *   <li>{@link Literals}: a literal or an alternation of literals ({@code a}, {@code a|b|c},
 *       {@code (?:a|b)}, {@code api\.v1}), looked up value by value without scanning;
 *   <li>{@link Prefix}: a literal prefix then {@code .*} or {@code .+} ({@code api-.*}, {@code .+}),
 *       a range scan over the sorted values that start with the prefix;
 *   <li>{@link Scan}: anything else, tested against every value of the label.
 * </ul>
 *
 * <p>The regex is read with a deliberately small grammar: outside the shapes above (flags,
 * classes, escapes such as {@code \n} or {@code \d}, braces, anchors, nested groups) it answers
 * {@link Scan}, which is always correct. RE2's {@code .} does not match {@code '\n'} (Prometheus
 * compiles without the {@code s} flag), so {@link Prefix} rejects a value whose rest holds one,
 * exactly as the regex would.
 */
sealed interface ValuePattern permits ValuePattern.Literals, ValuePattern.Prefix, ValuePattern.Scan {
    /** Characters that are not literals in RE2 syntax (outside a class). */
    String METACHARACTERS = "\\.+*?()|[]{}^$";

    /** The fastest shape that accepts exactly what {@code matcher}'s positive sense accepts. */
    static ValuePattern of(LabelMatcher matcher) {
        return switch (matcher.type()) {
            case EQUAL, NOT_EQUAL -> new Literals(List.of(matcher.value()));
            case REGEX, NOT_REGEX -> {
                ValuePattern shape = ofRegex(matcher.value());
                yield shape != null ? shape : scan(matcher);
            }
        };
    }

    /** The general shape for any matcher: tests every value. */
    static ValuePattern scan(LabelMatcher matcher) {
        boolean negated = matcher.type() == MatchType.NOT_EQUAL || matcher.type() == MatchType.NOT_REGEX;
        return new Scan(negated ? value -> !matcher.matches(value) : matcher::matches);
    }

    /** The {@link Literals} or {@link Prefix} shape of a regex, or null if it has neither. */
    static ValuePattern ofRegex(String regex) {
        String body = regex;
        if (body.startsWith("(?:") && body.endsWith(")")) {
            body = body.substring(3, body.length() - 1);
        } else if (body.startsWith("(") && body.endsWith(")")) {
            body = body.substring(1, body.length() - 1);
        }
        // Any parenthesis left inside makes literal() fail, so the outer pair, if any, matched.
        if (body.endsWith(".*") || body.endsWith(".+")) {
            String prefix = literal(body.substring(0, body.length() - 2));
            if (prefix != null) {
                return new Prefix(prefix, body.endsWith(".+"));
            }
        }
        List<String> alternatives = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                alternatives.add(body.substring(start, i));
                start = i + 1;
            }
        }
        alternatives.add(body.substring(start));
        List<String> literals = new ArrayList<>(alternatives.size());
        for (String alternative : alternatives) {
            String literal = literal(alternative);
            if (literal == null) {
                return null;
            }
            literals.add(literal);
        }
        return new Literals(literals);
    }

    /**
     * The string {@code regex} matches if it is a plain literal: characters other than
     * {@link #METACHARACTERS}, and backslash escapes of ASCII punctuation ({@code \.} is a dot).
     * Null for anything else.
     */
    static String literal(String regex) {
        StringBuilder out = new StringBuilder(regex.length());
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 == regex.length()) {
                    return null;
                }
                char escaped = regex.charAt(++i);
                boolean punctuation = escaped > ' ' && escaped < 0x7f && !Character.isLetterOrDigit(escaped);
                if (!punctuation) {
                    return null;
                }
                out.append(escaped);
            } else if (METACHARACTERS.indexOf(c) >= 0) {
                return null;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The union of the postings of the label's values this pattern accepts. Must not be modified. */
    RoaringBitmap postings(LabelPostings label);

    /** Whether this pattern accepts {@code value}. */
    boolean accepts(String value);

    /** Relative cost of {@link #postings}, to evaluate cheap matchers first: 0 is a lookup. */
    int cost();

    /** Accepts exactly these strings. */
    record Literals(List<String> values) implements ValuePattern {
        public Literals {
            values = List.copyOf(new LinkedHashSet<>(values));
        }

        @Override
        public RoaringBitmap postings(LabelPostings label) {
            List<RoaringBitmap> found = new ArrayList<>(values.size());
            for (String value : values) {
                RoaringBitmap postings = value.isEmpty() ? null : label.postings(value);
                if (postings != null) {
                    found.add(postings);
                }
            }
            return switch (found.size()) {
                case 0 -> new RoaringBitmap();
                case 1 -> found.get(0);
                default -> FastAggregation.or(found.iterator());
            };
        }

        @Override
        public boolean accepts(String value) {
            return values.contains(value);
        }

        @Override
        public int cost() {
            return 0;
        }
    }

    /**
     * Accepts strings that start with {@code prefix} and go on with characters other than
     * {@code '\n'}: at least one of them if {@code nonEmptyRest} ({@code .+}), any number if not
     * ({@code .*}).
     */
    record Prefix(String prefix, boolean nonEmptyRest) implements ValuePattern {
        public Prefix {
            requireNonNull(prefix, "prefix is null");
        }

        @Override
        public RoaringBitmap postings(LabelPostings label) {
            if (prefix.isEmpty() && !label.hasValueWithNewline()) {
                return label.seriesWithLabel(); // Every value is non-empty and matches.
            }
            return label.union(prefix, this::accepts);
        }

        @Override
        public boolean accepts(String value) {
            return value.startsWith(prefix)
                    && (!nonEmptyRest || value.length() > prefix.length())
                    && value.indexOf('\n', prefix.length()) < 0;
        }

        @Override
        public int cost() {
            return prefix.isEmpty() ? 2 : 1;
        }
    }

    /** Accepts what {@code accept} accepts; the index tests every value. */
    record Scan(Predicate<String> accept) implements ValuePattern {
        public Scan {
            requireNonNull(accept, "accept is null");
        }

        @Override
        public RoaringBitmap postings(LabelPostings label) {
            return label.union("", accept);
        }

        @Override
        public boolean accepts(String value) {
            return accept.test(value);
        }

        @Override
        public int cost() {
            return 3;
        }
    }
}
