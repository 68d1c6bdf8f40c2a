package dev.meridian.gateway.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The queries of {@code equivalence/queries.promql}: one per line, {@code #} comments and blank lines skipped. */
final class EquivalenceQueries {
    private EquivalenceQueries() {}

    static List<String> load() {
        InputStream in = EquivalenceQueries.class.getResourceAsStream("/equivalence/queries.promql");
        if (in == null) {
            throw new IllegalStateException("equivalence/queries.promql is not on the test classpath");
        }
        List<String> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String query = line.strip();
                if (!query.isEmpty() && !query.startsWith("#")) {
                    out.add(query);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
