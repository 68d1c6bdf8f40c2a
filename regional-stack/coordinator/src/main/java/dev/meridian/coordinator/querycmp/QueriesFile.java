package dev.meridian.coordinator.querycmp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries file: UTF-8, one PromQL expression per line; blank lines and lines whose first
 * non-blank character is {@code #} are skipped, and each query is stripped of surrounding
 * whitespace.
 */
public final class QueriesFile {
    private QueriesFile() {}

    /**
     * The queries in {@code file}, in order.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read or holds no query
     */
    public static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, UTF_8);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException("queries file " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read queries file " + file + " (" + e + ")", e);
        }
        return parse(lines, file.toString());
    }

    static List<String> parse(List<String> lines, String name) {
        List<String> queries = new ArrayList<>();
        for (String line : lines) {
            String query = line.strip();
            if (!query.isEmpty() && !query.startsWith("#")) {
                queries.add(query);
            }
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("queries file " + name + " holds no query (one PromQL expression per line)");
        }
        return List.copyOf(queries);
    }
}
