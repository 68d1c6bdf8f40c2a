package dev.meridian.promql.engine.internal;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code label_replace} and {@code label_join} as label-set rewrites. */
final class LabelRewrites {
    private LabelRewrites() {}

    /**
     * {@code label_replace(v, dst, replacement, src, regex)}: if {@code regex} matches the whole
     * value of {@code src}, sets {@code dst} to {@code replacement} with {@code $1}, {@code ${name}}
     * expanded (an empty result removes {@code dst}); otherwise leaves the series unchanged.
     */
    static UnaryOperator<Labels> labelReplace(String dst, String replacement, String src, String regex) {
        Pattern pattern;
        try {
            pattern = LabelMatcher.compileAnchored(regex);
        } catch (IllegalArgumentException e) {
            throw new PromqlException(ErrorCode.EXECUTION, "invalid regular expression in label_replace(): " + regex);
        }
        if (!Labels.isValidName(dst)) {
            throw new PromqlException(ErrorCode.EXECUTION, "invalid destination label name in label_replace(): " + dst);
        }
        return labels -> {
            Matcher m = pattern.matcher(labels.get(src));
            if (!m.matches()) {
                return labels;
            }
            return labels.toBuilder().set(dst, expand(replacement, m)).build();
        };
    }

    /**
     * {@code label_join(v, dst, separator, src...)}: sets {@code dst} to the values of the
     * {@code src} labels joined by {@code separator}; an empty result removes {@code dst}.
     */
    static UnaryOperator<Labels> labelJoin(String dst, String separator, List<String> sources) {
        for (String src : sources) {
            if (!Labels.isValidName(src)) {
                throw new PromqlException(ErrorCode.EXECUTION, "invalid source label name in label_join(): " + src);
            }
        }
        if (!Labels.isValidName(dst)) {
            throw new PromqlException(ErrorCode.EXECUTION, "invalid destination label name in label_join(): " + dst);
        }
        return labels -> {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < sources.size(); i++) {
                if (i > 0) {
                    joined.append(separator);
                }
                joined.append(labels.get(sources.get(i)));
            }
            return labels.toBuilder().set(dst, joined.toString()).build();
        };
    }

    /**
     * Expands {@code template} as Go's {@code Regexp.Expand}: {@code $$} is a dollar; {@code $name}
     * and {@code ${name}} take the longest run of letters, digits and underscores as the name, a
     * number names a group by index; unknown groups expand to nothing; a malformed reference
     * stays literal.
     */
    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = i < template.length() && template.charAt(i) == '{';
            int nameStart = brace ? i + 1 : i;
            int nameEnd = nameStart;
            while (nameEnd < template.length() && isNameChar(template.codePointAt(nameEnd))) {
                nameEnd += Character.charCount(template.codePointAt(nameEnd));
            }
            if (nameEnd == nameStart || (brace && (nameEnd >= template.length() || template.charAt(nameEnd) != '}'))) {
                out.append('$');
                continue;
            }
            String name = template.substring(nameStart, nameEnd);
            i = brace ? nameEnd + 1 : nameEnd;
            String group = group(m, name);
            if (group != null) {
                out.append(group);
            }
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        int number = groupNumber(name);
        if (number >= 0) {
            return number <= m.groupCount() ? m.group(number) : null;
        }
        try {
            return m.group(name);
        } catch (IllegalArgumentException e) {
            return null; // No group of that name: Go expands it to nothing.
        }
    }

    /** The group index a name denotes, or -1 if it is not a plain number (leading zeros excluded). */
    private static int groupNumber(String name) {
        if (name.length() > 1 && name.charAt(0) == '0') {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || n >= 100_000_000) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isNameChar(int cp) {
        return Character.isLetter(cp) || Character.isDigit(cp) || cp == '_';
    }
}
