package dev.meridian.coordinator.remoteread;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.proto.remote.ChunkedReadResponse;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.proto.remote.Label;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChunkedFramesTest {
    /** "123456789" is the CRC catalogue's check input; CRC-32C of it is e3069283. */
    @Test
    void frameIsLengthThenBigEndianCrc32cThenMessage() {
        byte[] frame = ChunkedFrames.frame("123456789".getBytes(US_ASCII));

        assertThat(HexFormat.ofDelimiter(" ").formatHex(frame))
                .isEqualTo("09 e3 06 92 83 31 32 33 34 35 36 37 38 39");
    }

    @Test
    void lengthIsAUvarint() {
        byte[] message = new byte[300];
        Arrays.fill(message, (byte) 7);

        byte[] frame = ChunkedFrames.frame(message);

        // 300 = 0b10_0101100: low seven bits 0x2c with the continuation bit, then 0x02.
        assertThat(frame[0] & 0xFF).isEqualTo(0xac);
        assertThat(frame[1]).isEqualTo((byte) 0x02);
        assertThat(frame).hasSize(2 + 4 + 300);
    }

    @Test
    void readerReadsBackFramesAndRejectsCorruption() throws Exception {
        ChunkedReadResponse a = ChunkedReadResponse.newBuilder().setQueryIndex(0)
                .addChunkedSeries(ChunkedSeries.newBuilder().addLabels(Label.newBuilder().setName("a").setValue("1"))).build();
        ChunkedReadResponse b = ChunkedReadResponse.newBuilder().setQueryIndex(3).build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ChunkedFrames.frame(a.toByteArray()));
        body.writeBytes(ChunkedFrames.frame(b.toByteArray()));
        byte[] bytes = body.toByteArray();

        assertThat(ChunkedFrameReader.read(bytes)).containsExactly(a, b);

        byte[] corrupt = bytes.clone();
        corrupt[corrupt.length - 1] ^= 1;
        assertThatThrownBy(() -> ChunkedFrameReader.read(corrupt)).hasMessageContaining("CRC32C");
        assertThatThrownBy(() -> ChunkedFrameReader.read(Arrays.copyOf(bytes, bytes.length - 1)))
                .hasMessageContaining("runs past the body");
    }
}
