package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries of {@code equivalence/queries.promql}: one per line, {@code #} comments and blank
 * lines skipped; a comment {@code # ---- name} starts the section the following queries are in.
 */
final class EquivalenceQueries {
    /** One query and the section of the file it is in. */
    record Query(String section, String promql) {
        Query {
            requireNonNull(section, "section is null");
            requireNonNull(promql, "promql is null");
        }
    }

    private EquivalenceQueries() {}

    static List<Query> load() {
        InputStream in = EquivalenceQueries.class.getResourceAsStream("/equivalence/queries.promql");
        if (in == null) {
            throw new IllegalStateException("equivalence/queries.promql is not on the test classpath");
        }
        List<Query> out = new ArrayList<>();
        String section = "";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String text = line.strip();
                if (text.startsWith("# ----")) {
                    section = text.substring("# ----".length()).strip();
                } else if (!text.isEmpty() && !text.startsWith("#")) {
                    out.add(new Query(section, text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
