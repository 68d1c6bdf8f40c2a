package dev.meridian.storage.index;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;

/** Generated label sets and matchers that hit every matcher shape, with a brute-force reference. */
final class IndexTestData {
    static final List<String> NAMES = List.of("__name__", "job", "instance", "mode", "x");

    /** Values chosen to collide with the patterns below: shared prefixes, newlines, regex characters, non-ASCII. */
    static final List<String> VALUES = List.of(
            "a", "ab", "abc", "b", "api-", "api-1", "api-2", "api-10", "api-\n", "x\ny", "x.y", "xy",
            "a|b", ".", "a.b", "ab*", "AB", "1", "é", "éa", "\uD83D\uDE00x", "ap", "api", "b\n");

    /** Regexes: literals, alternations, prefixes, the empty-matching ones, and general ones. */
    static final List<String> REGEXES = List.of(
            "", ".*", ".+", "a", "api-1", "a|b", "ab|", "|", "a|a", "(?:a|api-1)", "(a|b)", "(?:)",
            "api-.*", "api-.+", "a.*", "a.+", "(?:api-.*)", "(api-.+)", "\\.", "a\\.b", "a\\|b", "ab\\*", "x.*",
            "é.*", "\uD83D\uDE00.*", "x\ny", "x.y", ".*b", "[ab]+", "(?i)ab", "a.*|b", "api-\\d+",
            "a{2}", "^a$", "a(b)?", "(?s)x.y", ".*\n", "\\Qa.b\\E", "a\\", "(a)|(b)", "(?:a)|(?:b)", "api-\\.*", "nothing.*");

    /** Values for = and !=: every value, the empty one and one that no series has. */
    static final List<String> EQUAL_VALUES;

    static {
        List<String> values = new ArrayList<>(VALUES);
        values.add("");
        values.add("absent");
        EQUAL_VALUES = List.copyOf(values);
    }

    private IndexTestData() {}

    /** {@code count} distinct label sets, each with 1 to 4 of {@link #NAMES}, sorted. */
    static List<Labels> series(Random random, int count) {
        TreeSet<Labels> all = new TreeSet<>();
        while (all.size() < count) {
            Labels.Builder builder = Labels.builder();
            for (String name : NAMES) {
                if (random.nextInt(3) > 0) {
                    builder.set(name, VALUES.get(random.nextInt(VALUES.size())));
                }
            }
            Labels labels = builder.build();
            if (!labels.isEmpty()) {
                all.add(labels);
            }
        }
        return new ArrayList<>(all);
    }

    private static final Map<String, List<LabelMatcher>> MATCHERS = new ConcurrentHashMap<>();

    /** Every matcher of every type on {@code name} that this class knows. */
    static List<LabelMatcher> allMatchers(String name) {
        return MATCHERS.computeIfAbsent(name, IndexTestData::matchers);
    }

    private static List<LabelMatcher> matchers(String name) {
        List<LabelMatcher> matchers = new ArrayList<>();
        for (String value : EQUAL_VALUES) {
            matchers.add(LabelMatcher.of(MatchType.EQUAL, name, value));
            matchers.add(LabelMatcher.of(MatchType.NOT_EQUAL, name, value));
        }
        for (String regex : REGEXES) {
            if (isValidRegex(regex)) {
                matchers.add(LabelMatcher.of(MatchType.REGEX, name, regex));
                matchers.add(LabelMatcher.of(MatchType.NOT_REGEX, name, regex));
            }
        }
        return List.copyOf(matchers);
    }

    static boolean isValidRegex(String regex) {
        try {
            LabelMatcher.compileAnchored(regex);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A random list of 1 to 4 matchers over {@link #NAMES} and a name no series has. */
    static List<LabelMatcher> randomMatchers(Random random) {
        int count = 1 + random.nextInt(4);
        List<LabelMatcher> matchers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = random.nextInt(10) == 0 ? "missing" : NAMES.get(random.nextInt(NAMES.size()));
            List<LabelMatcher> candidates = allMatchers(name);
            matchers.add(candidates.get(random.nextInt(candidates.size())));
        }
        return matchers;
    }

    /** The positions in {@code series} of the label sets that match all {@code matchers}. */
    static RoaringBitmap bruteForce(List<Labels> series, List<LabelMatcher> matchers) {
        RoaringBitmap result = new RoaringBitmap();
        for (int ref = 0; ref < series.size(); ref++) {
            Labels labels = series.get(ref);
            if (matchers.stream().allMatch(m -> m.matches(labels))) {
                result.add(ref);
            }
        }
        return result;
    }
}
