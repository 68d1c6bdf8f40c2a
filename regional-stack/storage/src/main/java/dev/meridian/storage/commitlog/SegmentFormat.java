package dev.meridian.storage.commitlog;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed parts of the commit log format (docs/format/commitlog.md): file names, the segment
 * header, the frame header and the end marker. All integers are little-endian.
 */
final class SegmentFormat {
    /** Magic, version, three reserved bytes, the segment number. */
    static final int HEADER_SIZE = 16;
    /** {@code u32 length, u32 CRC32C}. */
    static final int FRAME_HEADER_SIZE = 8;
    /** {@code u32 0xFFFFFFFF, u32 record count}: closes a segment the writer moved on from. */
    static final int END_MARKER_SIZE = 8;
    /** {@code "MRCL"}. */
    static final byte[] MAGIC = {'M', 'R', 'C', 'L'};
    static final byte VERSION = 1;
    /** Where a frame's length would be, this value marks the end of a segment. */
    static final int END_MARKER = 0xFFFFFFFF;

    private static final String SUFFIX = ".seg";
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SegmentFormat() {}

    /** {@code 00000000000000000042.seg}: the sequence number zero-padded to 20 digits, so names sort as numbers. */
    static String fileName(long segment) {
        String digits = Long.toString(segment);
        return "0".repeat(20 - digits.length()) + digits + SUFFIX;
    }

    static Path file(Path directory, long segment) {
        return directory.resolve(fileName(segment));
    }

    /** The sequence numbers of the segment files in {@code directory}, ascending; empty if it does not exist. */
    static List<Long> list(Path directory) throws IOException {
        List<Long> segments = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    segments.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        segments.sort(null);
        return segments;
    }

    /**
     * Fails if the segments do not run without a gap: truncation deletes the oldest first, so a
     * hole means a file was lost.
     */
    static void checkContiguous(Path directory, List<Long> segments) {
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i) != segments.get(i - 1) + 1) {
                throw new StorageException(StorageErrorCode.CORRUPTION, "commit log " + directory + " is missing segment file "
                        + fileName(segments.get(i - 1) + 1) + " (segments " + segments.get(0) + " to "
                        + segments.get(segments.size() - 1) + " should all exist)");
            }
        }
    }

    static ByteBuffer header(long segment) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put(VERSION).put((byte) 0).put((byte) 0).put((byte) 0).putLong(segment);
        return header.flip();
    }

    /** Why {@code header} is not segment {@code segment}'s header, or null if it is. Every byte is checked. */
    static String headerProblem(byte[] header, long segment) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                return "bad magic (expected \"MRCL\")";
            }
        }
        if (header[4] != VERSION) {
            return "unsupported format version " + (header[4] & 0xFF) + " (expected " + VERSION + ")";
        }
        if (header[5] != 0 || header[6] != 0 || header[7] != 0) {
            return "reserved header bytes are not zero";
        }
        long number = readLong(header, 8);
        if (number != segment) {
            return "header names segment " + number + " but the file name says " + segment;
        }
        return null;
    }

    static ByteBuffer endMarker(long records) {
        return ByteBuffer.allocate(END_MARKER_SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(END_MARKER).putInt((int) records).flip();
    }

    static int readInt(byte[] b, int offset) {
        return (int) INT_LE.get(b, offset);
    }

    static long readLong(byte[] b, int offset) {
        return (long) LONG_LE.get(b, offset);
    }

    /** Makes file creations and deletions in {@code directory} durable. */
    static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot sync commit log directory " + directory + ": " + e, e);
        }
    }
}
