package dev.meridian.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Encodes node-exporter-like series with both encodings, prints bytes per sample and retained
 * bytes per full appender, and checks that TSZ is clearly smaller on the int-like kinds and never
 * much larger on floats.
 */
class ChunkCompressionTest {
    private static final int SERIES = 200;
    private static final int N = ChunkAppender.MAX_SAMPLES;

    /** TSZ must be at least 15% smaller than XOR on every int-like kind. */
    private static final double INT_LIKE_MAX_RATIO = 0.85;
    /** TSZ may be at most this much larger than XOR on floats. */
    private static final double FLOAT_MAX_RATIO = 1.03;

    @Test
    void tszBeatsXorOnIntLikeDataAndKeepsUpOnFloats() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%-34s %-8s %9s %9s %7s %12s %12s%n",
                "kind (120-sample chunks)", "times", "XOR B/smp", "TSZ B/smp", "TSZ/XOR", "XOR retained", "TSZ retained"));
        List<Runnable> checks = new ArrayList<>();
        for (String timing : new String[] {"regular", "jitter"}) {
            BiFunction<Random, Integer, long[]> times = timing.equals("regular")
                    ? NodeExporterSeries::regularTimestamps
                    : NodeExporterSeries::jitteredTimestamps;
            for (NodeExporterSeries kind : NodeExporterSeries.values()) {
                Measurement xor = measure(ChunkEncoding.XOR, kind, times);
                Measurement tsz = measure(ChunkEncoding.TSZ, kind, times);
                double ratio = tsz.bytesPerSample() / xor.bytesPerSample();
                table.append(String.format(Locale.ROOT, "%-34s %-8s %9.3f %9.3f %7.2f %12.0f %12.0f%n",
                        kind.description(), timing, xor.bytesPerSample(), tsz.bytesPerSample(), ratio,
                        xor.retainedPerAppender(), tsz.retainedPerAppender()));
                double limit = kind.intLike() ? INT_LIKE_MAX_RATIO : FLOAT_MAX_RATIO;
                checks.add(() -> assertThat(ratio).as("TSZ/XOR on %s, %s timestamps", kind.description(), timing)
                        .isLessThanOrEqualTo(limit));
            }
        }
        System.out.print(table);
        checks.forEach(Runnable::run);
    }

    private record Measurement(double bytesPerSample, double retainedPerAppender) {}

    private static Measurement measure(ChunkEncoding encoding, NodeExporterSeries kind, BiFunction<Random, Integer, long[]> times) {
        Random rnd = new Random(kind.ordinal() * 31L + 5);
        long bytes = 0;
        long retained = 0;
        for (int s = 0; s < SERIES; s++) {
            Samples samples = new Samples(times.apply(rnd, N), kind.values(rnd, N));
            ChunkAppender appender = samples.encode(encoding);
            Chunk chunk = appender.snapshot();
            samples.assertIteratesTo(chunk.iterator(), kind + " " + encoding);
            bytes += chunk.data().length;
            retained += appender.retainedBytes();
        }
        return new Measurement((double) bytes / (SERIES * N), (double) retained / SERIES);
    }
}
