package dev.meridian.storage.commitlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.storage.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFormatTest {
    @TempDir
    Path dir;

    /** The example in docs/format/commitlog.md. */
    @Test
    void aClosedSegmentHasTheDocumentedBytes() throws IOException {
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(64))) {
            log.append("abc".getBytes(StandardCharsets.US_ASCII));
            log.append("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(log.append(new byte[20])).isEqualTo(new LogPosition(1, 16));
        }
        assertThat(HexFormat.ofDelimiter(" ").formatHex(Files.readAllBytes(dir.resolve("00000000000000000000.seg")))).isEqualTo(
                "4d 52 43 4c 01 00 00 00 00 00 00 00 00 00 00 00 "
                        + "03 00 00 00 b7 3f 4b 36 61 62 63 "
                        + "05 00 00 00 4c bb 71 9a 68 65 6c 6c 6f "
                        + "ff ff ff ff 02 00 00 00");
    }

    @Test
    void segmentFileNamesSortAsNumbers() {
        assertThat(SegmentFormat.fileName(0)).isEqualTo("00000000000000000000.seg");
        assertThat(SegmentFormat.fileName(42)).isEqualTo("00000000000000000042.seg");
        assertThat(SegmentFormat.fileName(Long.MAX_VALUE)).isEqualTo("09223372036854775807.seg");
    }

    @Test
    void headerIsCheckedByteByByte() {
        ByteBuffer buffer = SegmentFormat.header(7);
        byte[] header = new byte[SegmentFormat.HEADER_SIZE];
        buffer.get(header);
        assertThat(header).containsExactly('M', 'R', 'C', 'L', 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0);
        assertThat(SegmentFormat.headerProblem(header, 7)).isNull();
        assertThat(SegmentFormat.headerProblem(header, 8)).isEqualTo("header names segment 7 but the file name says 8");
        for (int i = 0; i < header.length; i++) {
            byte[] garbled = header.clone();
            garbled[i] ^= 0x10;
            assertThat(SegmentFormat.headerProblem(garbled, 7)).as("byte %d changed", i).isNotNull();
        }
    }

    @Test
    void endMarkerHoldsTheRecordCount() {
        ByteBuffer marker = SegmentFormat.endMarker(3);
        byte[] bytes = new byte[SegmentFormat.END_MARKER_SIZE];
        marker.get(bytes);
        assertThat(bytes).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 3, 0, 0, 0);
    }
}
