package dev.meridian.storage.series;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeriesLabelsTest {
    private final SeriesValidator validator = new SeriesValidator(new SeriesLimits(4, 8, 16));

    @Test
    void encodesCanonicallyAndDecodesBack() {
        Labels labels = Labels.of("__name__", "up", "job", "api", "zone", "é");
        SeriesLabels series = SeriesLabels.of(labels);
        assertThat(series.toLabels()).isEqualTo(labels);
        assertThat(series).isEqualTo(SeriesLabels.wrap(series.bytes().clone())).hasSameHashCodeAs(SeriesLabels.of(labels));
        assertThat(validator.problem(series.bytes())).isNull();
        // count, then (length, bytes) for each name and value.
        assertThat(SeriesLabels.of("a", "b").bytes()).containsExactly(1, 1, 'a', 1, 'b');
        assertThat(series.shard(64)).isBetween(0, 63).isEqualTo(SeriesLabels.of(labels).shard(64));
    }

    @Test
    void validatorNamesEveryProblem() {
        assertThat(validator.problem(encode())).isEqualTo("a series needs at least one label");
        assertThat(validator.problem(encode("b", "1", "a", "2"))).isEqualTo("labels not sorted by name: \"a\" after \"b\"");
        assertThat(validator.problem(encode("a", "1", "a", "2"))).isEqualTo("label name \"a\" repeated");
        assertThat(validator.problem(encode("1a", "x"))).contains("invalid label name \"1a\"");
        assertThat(validator.problem(encode("a-b", "x"))).contains("invalid label name \"a-b\"");
        assertThat(validator.problem(encode("a", ""))).isEqualTo("label \"a\" has an empty value");
        assertThat(validator.problem(encode("a", "x".repeat(17)))).contains("17 bytes, more than the limit of 16");
        assertThat(validator.problem(encode("abcdefghi", "x"))).contains("longer than the limit of 8");
        assertThat(validator.problem(encode("a", "1", "b", "1", "c", "1", "d", "1", "e", "1"))).contains("5 labels");
        assertThat(validator.problem(new byte[] {1, 1, 'a', 5, 'x'})).startsWith("malformed label set");
        assertThat(validator.problem(new byte[] {1, 1, 'a', 1, (byte) 0xC3})).contains("not valid UTF-8");
        assertThat(validator.problem(new byte[] {1, 1, 'a', 1, 'b', 0})).contains("1 bytes after the last label");
        assertThat(SeriesLabels.wrap(new byte[] {1, 9}).toString()).startsWith("<malformed labels 0x0109");
    }

    @Test
    void orderOnBytesIsTheOrderOfLabels() {
        // Values chosen so that byte order and UTF-16 order would disagree (U+FF5E vs U+1F600),
        // and so that prefixes, equal names with different values, and different counts occur.
        String[] names = {"__name__", "a", "ab", "b", "job"};
        String[] values = {"x", "xy", "y", "～", "😀", "0", "10", "9"};
        java.util.Random random = new java.util.Random(42);
        java.util.List<Labels> sets = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Labels.Builder b = Labels.builder();
            int count = 1 + random.nextInt(names.length);
            for (int k = 0; k < count; k++) {
                b.set(names[random.nextInt(names.length)], values[random.nextInt(values.length)]);
            }
            sets.add(b.build());
        }
        for (Labels x : sets) {
            for (Labels y : sets) {
                assertThat(Integer.signum(SeriesLabels.ORDER.compare(SeriesLabels.of(x), SeriesLabels.of(y))))
                        .as("%s vs %s", x, y)
                        .isEqualTo(Integer.signum(x.compareTo(y)));
            }
        }
    }

    /** Encodes pairs in the given order, without sorting or checking. */
    private static byte[] encode(String... namesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SeriesLabels.writeUvarint(out, namesAndValues.length / 2);
        for (String s : namesAndValues) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            SeriesLabels.writeUvarint(out, utf8.length);
            out.write(utf8, 0, utf8.length);
        }
        return out.toByteArray();
    }
}
