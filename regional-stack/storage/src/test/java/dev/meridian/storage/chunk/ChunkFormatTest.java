package dev.meridian.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.storage.StaleMarker;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The worked examples of {@code docs/format/chunk.md}, byte for byte. */
class ChunkFormatTest {
    @Test
    void xorWorkedExample() {
        Samples samples = new Samples(new long[] {1000, 16000, 31000, 46005}, new double[] {1.0, 1.0, 2.0, 2.5});
        assertEncodesTo(ChunkEncoding.XOR, samples, "3ff000000000000098753097ffe0017683");
    }

    @Test
    void tszWorkedExample() {
        Samples samples = new Samples(
                new long[] {1000, 16000, 31000, 46000, 61000, 76000, 91000, 106003},
                new double[] {0.52, 0.61, 0.70, 0.70, 0.68, StaleMarker.VALUE, 0.7, 0.71});
        assertEncodesTo(ChunkEncoding.TSZ, samples, "106d261d70494ee85bf07f802b851eb851eb83e20fc07e2018");
    }

    private static void assertEncodesTo(ChunkEncoding encoding, Samples samples, String hex) {
        Chunk chunk = samples.encode(encoding).snapshot();
        assertThat(HexFormat.of().formatHex(chunk.data())).isEqualTo(hex);
        samples.assertIteratesTo(Chunks.iterator(encoding, HexFormat.of().parseHex(hex), 0, hex.length() / 2, samples.size(),
                samples.timestamps()[0]),
                encoding + " worked example");
    }
}
