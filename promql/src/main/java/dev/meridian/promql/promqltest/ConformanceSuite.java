package dev.meridian.promql.promqltest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sets of promqltest files: the Prometheus 2.42 files bundled with this module, or the
 * {@code *.test} files of a directory.
 */
public final class ConformanceSuite {
    private static final String BUNDLED = "prometheus-v2.42/";

    private ConformanceSuite() {}

    /** The bundled Prometheus 2.42 files, by file name, in name order. */
    public static Map<String, String> prometheus242() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : read(BUNDLED + "index.txt").split("\n")) {
            if (!name.isBlank()) {
                files.put(name.strip(), read(BUNDLED + name.strip()));
            }
        }
        return files;
    }

    /** The {@code *.test} files of {@code dir}, by file name, in name order. */
    public static Map<String, String> directory(Path dir) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            List<Path> tests = paths.filter(p -> p.getFileName().toString().endsWith(".test")).sorted().toList();
            for (Path test : tests) {
                files.put(test.getFileName().toString(), Files.readString(test, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read promqltest files from " + dir, e);
        }
        return files;
    }

    /** Runs every file and adds up the reports. */
    public static TestReport run(PromqlTestRunner runner, Map<String, String> files) {
        TestReport total = TestReport.empty();
        for (Map.Entry<String, String> file : files.entrySet()) {
            total = total.plus(runner.run(file.getKey(), file.getValue()));
        }
        return total;
    }

    private static String read(String resource) {
        try (InputStream in = ConformanceSuite.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the promql module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
