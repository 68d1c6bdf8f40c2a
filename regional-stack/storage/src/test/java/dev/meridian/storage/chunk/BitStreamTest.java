package dev.meridian.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitStreamTest {
    private static final class Writer extends BitWriter {
        Writer() {
            super(0);
        }
    }

    private static final class Reader extends BitReader {
        Reader(byte[] data, int offset, int length) {
            super(data, offset, length);
        }
    }

    @Test
    void randomRunsOfEveryWidthRoundTrip() {
        Random rnd = new Random(3);
        for (int run = 0; run < 2_000; run++) {
            int count = 1 + rnd.nextInt(60);
            int[] kinds = new int[count];
            int[] widths = new int[count];
            long[] values = new long[count];
            Writer writer = new Writer();
            for (int i = 0; i < count; i++) {
                kinds[i] = rnd.nextInt(5);
                widths[i] = 1 + rnd.nextInt(64);
                values[i] = switch (kinds[i]) {
                    case 2 -> rnd.nextLong() >>> rnd.nextInt(64);
                    case 3 -> rnd.nextInt(300);
                    default -> rnd.nextLong();
                };
                switch (kinds[i]) {
                    case 0 -> writer.writeBits(values[i], widths[i]);
                    case 1 -> writer.writeBit(values[i] < 0);
                    case 2 -> writer.writeUvarint(values[i]);
                    case 3 -> writer.writeUvarint(values[i]);
                    default -> {
                        // unary: widths[i] % 5 ones, ended by a 0 unless it reaches the maximum of 4
                        int ones = widths[i] % 5;
                        for (int j = 0; j < ones; j++) {
                            writer.writeBit(true);
                        }
                        if (ones < 4) {
                            writer.writeBit(false);
                        }
                    }
                }
            }
            byte[] data = writer.toByteArray();
            assertThat(data).hasSize((writer.bitLength() + 7) / 8);
            Reader reader = new Reader(data, 0, data.length);
            for (int i = 0; i < count; i++) {
                String what = "run " + run + " item " + i;
                switch (kinds[i]) {
                    case 0 -> {
                        long mask = widths[i] == 64 ? -1L : (1L << widths[i]) - 1;
                        assertThat(reader.readBits(widths[i])).as(what).isEqualTo(values[i] & mask);
                    }
                    case 1 -> assertThat(reader.readBit()).as(what).isEqualTo(values[i] < 0);
                    case 2 -> assertThat(reader.readUvarint()).as(what).isEqualTo(values[i]);
                    case 3 -> assertThat(reader.readUvarint()).as(what).isEqualTo(values[i]);
                    default -> assertThat(reader.readUnary(4)).as(what).isEqualTo(widths[i] % 5);
                }
            }
        }
    }

    @Test
    void readsSixtyFourBitsAtEveryAlignmentNearTheEnd() {
        // Near the end of the data the reader refills byte by byte, which can fill all 64 bits of
        // its window; every alignment of a 64-bit read against that must still work.
        for (int lead = 1; lead <= 64; lead++) {
            for (int skip = 0; skip < 16; skip++) {
                Writer writer = new Writer();
                long first = 0x0123456789ABCDEFL * lead;
                long second = 0xFEDCBA9876543210L ^ skip;
                writer.writeBits(first, lead);
                for (int i = 0; i < skip; i++) {
                    writer.writeBits(0x5A, 8);
                }
                writer.writeBits(second, 64);
                writer.writeBits(first, 64);
                byte[] data = writer.toByteArray();
                Reader reader = new Reader(data, 0, data.length);
                long mask = lead == 64 ? -1L : (1L << lead) - 1;
                assertThat(reader.readBits(lead)).isEqualTo(first & mask);
                for (int i = 0; i < skip; i++) {
                    assertThat(reader.readBits(8)).isEqualTo(0x5A);
                }
                assertThat(reader.readBits(64)).as("lead %d skip %d", lead, skip).isEqualTo(second);
                assertThat(reader.readBits(64)).as("lead %d skip %d", lead, skip).isEqualTo(first);
            }
        }
    }

    @Test
    void readsOnlyItsRangeOfTheArray() {
        byte[] data = {(byte) 0xFF, (byte) 0b1010_0000, (byte) 0xFF};
        Reader reader = new Reader(data, 1, 1);
        assertThat(reader.readBits(3)).isEqualTo(0b101);
        assertThat(reader.readBits(5)).isZero();
        assertThatThrownBy(reader::readBit)
                .isInstanceOf(StorageException.class)
                .extracting(e -> ((StorageException) e).code()).isEqualTo(StorageErrorCode.CORRUPTION);
    }

    @Test
    void rejectsRangesOutsideTheArray() {
        assertThatThrownBy(() -> new Reader(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new Reader(null, 0, 0)).isInstanceOf(NullPointerException.class).hasMessage("data is null");
    }

    @Test
    void writerGrowsGeometricallyFromASmallStart() {
        Writer writer = new Writer();
        assertThat(writer.bufferRetainedBytes()).isEqualTo(16 + BitWriter.INITIAL_CAPACITY);
        int grows = 0;
        long retained = writer.bufferRetainedBytes();
        for (int i = 0; i < 1_000; i++) {
            writer.writeBits(i, 8);
            if (writer.bufferRetainedBytes() != retained) {
                grows++;
                retained = writer.bufferRetainedBytes();
            }
            assertThat(writer.buffer().length).isGreaterThanOrEqualTo(writer.byteLength());
        }
        // 16 bytes growing by a quarter reaches 1,000 bytes in about 20 steps.
        assertThat(grows).isBetween(10, 25);
        assertThat(writer.buffer().length).isLessThanOrEqualTo(1_000 * 5 / 4 + 8);
    }
}
