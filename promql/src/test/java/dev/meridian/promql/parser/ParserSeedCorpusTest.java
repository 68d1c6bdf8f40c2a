package dev.meridian.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed seed corpus of {@link ParserFuzzTest} holds every seed of {@link ParserSeedCorpus},
 * so the fuzz targets' regression runs cover every expression of the promqltest files. Findings of
 * fuzzing runs are extra files there and are left alone.
 *
 * <p>After changing the seeds (or the promqltest files), bring the source tree up to date (write
 * missing and changed seed files, delete those of promqltest lines that are gone) with
 * {@code ./mvnw -pl promql test -Dtest=ParserSeedCorpusTest -Dmeridian.writeSeedCorpus=true}.
 */
class ParserSeedCorpusTest {
    private static final Path SOURCE_INPUTS = Path.of("src/test/resources/dev/meridian/promql/parser")
            .resolve(ParserSeedCorpus.INPUTS_DIRECTORY);

    @Test
    void committedCorpusHoldsEverySeed() throws IOException {
        boolean write = Boolean.getBoolean("meridian.writeSeedCorpus");
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> target : ParserSeedCorpus.seeds().entrySet()) {
            Map<String, String> seeds = target.getValue();
            for (Map.Entry<String, String> seed : seeds.entrySet()) {
                String relative = target.getKey() + "/" + seed.getKey();
                byte[] expected = seed.getValue().getBytes(StandardCharsets.UTF_8);
                if (!Arrays.equals(committed(relative), expected)) {
                    missing.add(relative);
                    if (write) {
                        Path file = SOURCE_INPUTS.resolve(relative);
                        Files.createDirectories(file.getParent());
                        Files.write(file, expected);
                    }
                }
            }
            for (String name : committedNames(target.getKey())) {
                if (ParserSeedCorpus.isPromqltestSeedName(name) && !seeds.containsKey(name)) {
                    stale.add(target.getKey() + "/" + name);
                    if (write) {
                        Files.delete(SOURCE_INPUTS.resolve(target.getKey()).resolve(name));
                    }
                }
            }
        }
        if (write) {
            System.out.println("seed corpus under " + SOURCE_INPUTS.toAbsolutePath() + ": wrote " + missing.size()
                    + " files, deleted " + stale.size());
            return;
        }
        String regenerate = "; regenerate with ./mvnw -pl promql test -Dtest=ParserSeedCorpusTest -Dmeridian.writeSeedCorpus=true";
        assertThat(missing).as("seed files missing or changed in %s%s", SOURCE_INPUTS, regenerate).isEmpty();
        assertThat(stale).as("seed files of lines no longer in the promqltest files%s", regenerate).isEmpty();
    }

    @Test
    void everyPromqltestExpressionIsASeed() {
        Map<String, String> parseSeeds = ParserSeedCorpus.seeds().get("parse");
        long fromPromqltest = parseSeeds.keySet().stream().filter(ParserSeedCorpus::isPromqltestSeedName).count();
        // 566 eval lines in the 2.42 files, some with the same expression.
        assertThat(fromPromqltest).isBetween(400L, 566L);
        assertThat(parseSeeds).containsValue("sum by (group) (http_requests{job=\"api-server\"})");
    }

    @Test
    void seriesSelectorOfStopsAtTheClosingBraceOrTheFirstSpace() {
        assertThat(ParserSeedCorpus.seriesSelectorOf("foo{a=\"x} y\", b='z'}  0+1x10")).isEqualTo("foo{a=\"x} y\", b='z'}");
        assertThat(ParserSeedCorpus.seriesSelectorOf("foo 1 2")).isEqualTo("foo");
        assertThat(ParserSeedCorpus.seriesSelectorOf("{a=\"b\"}\t_")).isEqualTo("{a=\"b\"}");
    }

    /** Names of the committed files of one target, as the test class path holds them. */
    private static List<String> committedNames(String target) throws IOException {
        URL url = ParserFuzzTest.class.getResource(ParserSeedCorpus.INPUTS_DIRECTORY + "/" + target);
        if (url == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(URI.create(url.toString())))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] committed(String relative) throws IOException {
        String resource = ParserSeedCorpus.INPUTS_DIRECTORY + "/" + relative;
        try (InputStream in = ParserFuzzTest.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
