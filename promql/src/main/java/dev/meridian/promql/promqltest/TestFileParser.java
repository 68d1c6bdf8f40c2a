package dev.meridian.promql.promqltest;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.ParseException;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.parser.SeriesDescription;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.syntax.Numbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Prometheus' promqltest format (as of 2.42):
 *
 * <pre>
 * # comment
 * load 5m
 *     http_requests{job="api", instance="0"}  0+10x10
 *
 * eval instant at 50m sum(http_requests)
 *     {} 100
 *
 * eval_fail instant at 0m ...
 * eval_ordered instant at 50m topk(3, ...)
 * clear
 * </pre>
 *
 * Lines are trimmed; a comment line counts as an empty line, and an empty line ends a block. An
 * expected result is either series with one value each, or a single number for a scalar (which
 * ends the block).
 */
final class TestFileParser {
    private static final Pattern LOAD = Pattern.compile("^load\\s+(.+?)$");
    private static final Pattern EVAL = Pattern.compile("^eval(?:_(fail|ordered))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern SPACE = Pattern.compile("[\\t ]+");

    private TestFileParser() {}

    /** Parses a whole file. Errors name the 1-based line. */
    static List<TestCommand> parse(String content) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            lines[i] = l.startsWith("#") ? "" : l;
        }
        List<TestCommand> commands = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                continue;
            }
            String word = SPACE.split(l, 2)[0].toLowerCase(Locale.ROOT);
            if (word.equals("clear")) {
                commands.add(new TestCommand.Clear(i + 1));
            } else if (word.equals("load")) {
                i = parseLoad(lines, i, commands);
            } else if (word.startsWith("eval")) {
                i = parseEval(lines, i, commands);
            } else {
                throw new IllegalArgumentException("line " + (i + 1) + ": invalid command \"" + l + "\"");
            }
        }
        return commands;
    }

    private static int parseLoad(String[] lines, int i, List<TestCommand> out) {
        Matcher m = LOAD.matcher(lines[i]);
        if (!m.matches()) {
            throw new IllegalArgumentException("line " + (i + 1) + ": invalid load command (load <step:duration>)");
        }
        long interval = duration(m.group(1), i);
        List<SeriesDescription> series = new ArrayList<>();
        int start = i;
        while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
            i++;
            series.add(seriesDescription(lines[i], i));
        }
        out.add(new TestCommand.Load(start + 1, interval, series));
        return i;
    }

    private static int parseEval(String[] lines, int i, List<TestCommand> out) {
        Matcher m = EVAL.matcher(lines[i]);
        if (!m.matches()) {
            throw new IllegalArgumentException("line " + (i + 1)
                    + ": invalid evaluation command (eval[_fail|_ordered] instant [at <offset:duration>] <query>)");
        }
        String modifier = m.group(1);
        String expr = m.group(3);
        try {
            Parser.parse(expr);
        } catch (ParseException e) {
            throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
        }
        long time = m.group(2) == null ? 0 : duration(m.group(2), i);
        int line = i + 1;
        Map<Labels, TestCommand.Expected> expected = new HashMap<>();
        Double scalar = null;
        for (int position = 1; i + 1 < lines.length && !lines[i + 1].isEmpty(); position++) {
            i++;
            Double number = number(lines[i]);
            if (number != null) {
                scalar = number;
                break;
            }
            SeriesDescription series = seriesDescription(lines[i], i);
            if (series.values().size() != 1) {
                throw new IllegalArgumentException("line " + (i + 1)
                        + ": expecting multiple values in instant evaluation not allowed");
            }
            expected.put(series.labels(), new TestCommand.Expected(position, series.values().get(0).value()));
        }
        out.add(new TestCommand.Eval(line, expr, time, "fail".equals(modifier), "ordered".equals(modifier), expected, scalar));
        return i;
    }

    private static Double number(String s) {
        try {
            return Numbers.parseLiteral(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long duration(String text, int i) {
        try {
            return Durations.parseMillis(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + (i + 1) + ": invalid duration " + text + ": " + e.getMessage(), e);
        }
    }

    private static SeriesDescription seriesDescription(String text, int i) {
        try {
            return SeriesDescription.parse(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
        }
    }
}
