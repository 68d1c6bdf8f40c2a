package dev.meridian.promql.labels;

/**
 * Rejects regular expressions that would take unbounded memory or stack to compile, before the
 * RE2 engine sees them. Go's regexp, which Prometheus uses, rejects the same ones: nesting deeper
 * than 1000 ("expression nests too deeply"), repeat counts over 1000 ("invalid repeat count"), and
 * programs that nested repeats make too large ("expression too large").
 *
 * <p>The size estimate counts one unit per literal, class or escape; alternatives and
 * concatenations add up; {@code x{n,m}} costs {@code max(n, m)} copies of {@code x} (RE2 expands
 * counted repeats) and {@code *}, {@code +}, {@code ?} double their operand.
 */
final class RegexLimits {
    static final int MAX_NESTING = 1000;
    static final int MAX_REPEAT = 1000;
    static final long MAX_SIZE = 250_000;

    private RegexLimits() {}

    /** @throws IllegalArgumentException naming the limit {@code regex} exceeds */
    static void check(String regex) {
        // Per open group: the size of its finished alternatives, of the current one, and of its last atom.
        long[][] stack = new long[MAX_NESTING + 2][3];
        int depth = 0;
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            long[] frame = stack[depth];
            switch (c) {
                case '\\' -> {
                    i = skipEscape(regex, i);
                    atom(frame, 1);
                    continue;
                }
                case '[' -> {
                    i = skipClass(regex, i);
                    atom(frame, 1);
                    continue;
                }
                case '(' -> {
                    int flagsEnd = flagsOnlyGroupEnd(regex, i);
                    if (flagsEnd > 0) {
                        i = flagsEnd;
                        continue;
                    }
                    if (++depth > MAX_NESTING) {
                        throw new IllegalArgumentException("expression nests too deeply (more than " + MAX_NESTING + " levels)");
                    }
                    stack[depth][0] = 0;
                    stack[depth][1] = 0;
                    stack[depth][2] = 0;
                }
                case ')' -> {
                    if (depth > 0) {
                        long size = frame[0] + frame[1];
                        depth--;
                        atom(stack[depth], size);
                    }
                }
                case '|' -> {
                    frame[0] = add(frame[0], frame[1]);
                    frame[1] = 0;
                    frame[2] = 0;
                }
                case '*', '+', '?' -> repeat(frame, 2);
                case '{' -> {
                    int close = regex.indexOf('}', i);
                    long count = close < 0 ? -1 : repeatCount(regex.substring(i + 1, close));
                    if (count < 0) {
                        atom(frame, 1); // Not a repeat: a literal brace.
                    } else {
                        repeat(frame, Math.max(count, 1));
                        i = close;
                    }
                }
                default -> atom(frame, 1);
            }
            if (stack[depth][0] + stack[depth][1] > MAX_SIZE) {
                throw new IllegalArgumentException("expression too large (repeats expand it beyond " + MAX_SIZE + " instructions)");
            }
            i++;
        }
    }

    private static void atom(long[] frame, long size) {
        frame[1] = add(frame[1], size);
        frame[2] = size;
        if (frame[1] > MAX_SIZE) {
            throw new IllegalArgumentException("expression too large (repeats expand it beyond " + MAX_SIZE + " instructions)");
        }
    }

    /** Replaces the last atom by {@code times} copies of it. */
    private static void repeat(long[] frame, long times) {
        long last = frame[2];
        long repeated = last > MAX_SIZE / times ? MAX_SIZE + 1 : last * times;
        frame[1] = add(frame[1] - last, repeated);
        frame[2] = repeated;
        if (frame[1] > MAX_SIZE) {
            throw new IllegalArgumentException("expression too large (repeats expand it beyond " + MAX_SIZE + " instructions)");
        }
    }

    private static long add(long a, long b) {
        return Math.min(a + b, MAX_SIZE + 1);
    }

    /**
     * The largest count of a repeat body such as {@code 3}, {@code 2,} or {@code 2,5}; -1 if it is
     * not a repeat (RE2 then reads the brace literally).
     */
    private static long repeatCount(String body) {
        int comma = body.indexOf(',');
        String min = comma < 0 ? body : body.substring(0, comma);
        String max = comma < 0 ? "" : body.substring(comma + 1);
        if (!isDigits(min) || (!max.isEmpty() && !isDigits(max))) {
            return -1;
        }
        long lo = parseCount(min);
        long hi = max.isEmpty() ? lo : parseCount(max);
        if (lo > MAX_REPEAT || hi > MAX_REPEAT) {
            throw new IllegalArgumentException("invalid repeat count {" + body + "} (at most " + MAX_REPEAT + ")");
        }
        return Math.max(lo, hi);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long parseCount(String digits) {
        return digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** The index after an escape sequence starting at {@code i}. */
    private static int skipEscape(String re, int i) {
        int j = i + 1;
        if (j >= re.length()) {
            return j;
        }
        char e = re.charAt(j);
        if (e == 'Q') {
            int end = re.indexOf("\\E", j + 1);
            return end < 0 ? re.length() : end + 2;
        }
        if ((e == 'p' || e == 'P' || e == 'x') && j + 1 < re.length() && re.charAt(j + 1) == '{') {
            int end = re.indexOf('}', j + 1);
            return end < 0 ? re.length() : end + 1;
        }
        return j + 1;
    }

    /** The index after a character class starting at {@code i}. */
    private static int skipClass(String re, int i) {
        int j = i + 1;
        if (j < re.length() && re.charAt(j) == '^') {
            j++;
        }
        if (j < re.length() && re.charAt(j) == ']') {
            j++; // A leading ']' is a literal.
        }
        while (j < re.length()) {
            char c = re.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '[' && j + 1 < re.length() && re.charAt(j + 1) == ':') {
                int end = re.indexOf(":]", j + 2);
                j = end < 0 ? j + 1 : end + 2;
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return j;
    }

    /** If a flags-only group such as {@code (?i)} starts at {@code i}, the index after it; else 0. */
    private static int flagsOnlyGroupEnd(String re, int i) {
        if (i + 1 >= re.length() || re.charAt(i + 1) != '?') {
            return 0;
        }
        int j = i + 2;
        while (j < re.length() && (Character.isLetter(re.charAt(j)) || re.charAt(j) == '-')) {
            j++;
        }
        return j < re.length() && re.charAt(j) == ')' ? j + 1 : 0;
    }
}
