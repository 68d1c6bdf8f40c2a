package dev.meridian.promql.labels;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.meridian.promql.syntax.Quoting;
import java.util.Objects;

/**
 * Matches one label of a series. A missing label has the value {@code ""}, so {@code foo=""}
 * selects series without {@code foo}. Regular expressions use RE2 syntax (as Go's regexp, which
 * Prometheus uses) and are fully anchored: {@code a=~"b.*"} is matched as {@code ^(?:b.*)$}.
 * RE2 matching runs in time linear in the input, so a hostile regex cannot stall a server.
 */
public final class LabelMatcher {
    private final MatchType type;
    private final String name;
    private final String value;
    private final Pattern pattern;

    private LabelMatcher(MatchType type, String name, String value, Pattern pattern) {
        this.type = type;
        this.name = name;
        this.value = value;
        this.pattern = pattern;
    }

    /**
     * Creates a matcher.
     *
     * @throws IllegalArgumentException if a regex matcher's value is not a valid RE2 expression;
     *     the message names the expression and the problem
     */
    public static LabelMatcher of(MatchType type, String name, String value) {
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
        Pattern pattern = null;
        if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
            pattern = compileAnchored(value);
        }
        return new LabelMatcher(type, name, value, pattern);
    }

    public static LabelMatcher equal(String name, String value) {
        return of(MatchType.EQUAL, name, value);
    }

    /** Compiles {@code regex} as Prometheus does: anchored at both ends, RE2 syntax. */
    public static Pattern compileAnchored(String regex) {
        try {
            RegexLimits.check(regex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid regular expression " + abbreviate(regex) + ": " + e.getMessage(), e);
        }
        try {
            return Pattern.compile("^(?:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "invalid regular expression " + abbreviate(regex) + ": " + e.getDescription(), e);
        }
    }

    /** The regex quoted for an error message, cut after 100 characters. */
    private static String abbreviate(String regex) {
        return regex.length() <= 100 ? Quoting.quote(regex) : Quoting.quote(regex.substring(0, 100)) + "...";
    }

    public MatchType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** Whether a label value (use {@code ""} for a missing label) satisfies this matcher. */
    public boolean matches(String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> pattern.matches(labelValue);
            case NOT_REGEX -> !pattern.matches(labelValue);
        };
    }

    /** Whether the series with these labels satisfies this matcher. */
    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** Whether this matcher selects series that lack the label, i.e. it matches {@code ""}. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher other
                && type == other.type
                && name.equals(other.name)
                && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** PromQL form, e.g. {@code job=~"api.*"}. */
    @Override
    public String toString() {
        return name + type.symbol() + Quoting.quote(value);
    }
}
