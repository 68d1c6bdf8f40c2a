package dev.meridian.storage.commitlog;

import static dev.meridian.storage.commitlog.SegmentFormat.END_MARKER;
import static dev.meridian.storage.commitlog.SegmentFormat.END_MARKER_SIZE;
import static dev.meridian.storage.commitlog.SegmentFormat.FRAME_HEADER_SIZE;
import static dev.meridian.storage.commitlog.SegmentFormat.HEADER_SIZE;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads one segment file front to back: checks its header, then each frame's length and CRC32C,
 * hands good payloads to a consumer, and stops at the end marker, the end of the file, or the
 * first bad byte. Whether a bad byte is a torn tail or corruption is the caller's call: it depends
 * on whether this is the newest segment.
 *
 * <p>The file is read in large blocks into one reusable array and payloads are handed out as
 * slices of it, so a replay copies each byte once (file to array) whatever the record size.
 * Not thread-safe; one scanner per replay.
 */
final class SegmentScanner {
    private static final int BLOCK_SIZE = 1 << 20;

    /** How a scan ended. */
    enum Ending {
        /** The file ends right after a good record (or the header): a segment still being written. */
        END_OF_FILE,
        /** The end marker, with the right record count, ends the file: a closed segment. */
        END_MARKER,
        /** Bytes that are not a good record (or marker) follow the last good record. */
        DAMAGED,
        /** The header is short or wrong. */
        BAD_HEADER
    }

    /**
     * @param end the offset just after the last good record (or where the scan started, if none)
     * @param records good records read
     * @param bytes their payload bytes
     * @param fileSize the file's size
     * @param problem what was wrong for {@code DAMAGED} and {@code BAD_HEADER}, else null
     */
    record Result(Ending ending, long end, long records, long bytes, long fileSize, String problem) {}

    private final CRC32C crc = new CRC32C();
    private byte[] buffer = new byte[BLOCK_SIZE];
    /** The file offset of {@code buffer[0]}, and how many bytes from there the buffer holds. */
    private long bufferStart;
    private int buffered;

    /**
     * Scans segment {@code segment} in {@code file} from {@code from} (a record boundary, or 0 for
     * the first record), handing good records to {@code consumer} if it is not null.
     */
    Result scan(Path file, long segment, long from, RecordConsumer consumer) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            bufferStart = 0;
            buffered = 0;
            if (size < HEADER_SIZE) {
                return new Result(Ending.BAD_HEADER, 0, 0, 0, size, "partial segment header (" + size + " of " + HEADER_SIZE + " bytes)");
            }
            fill(channel, 0, HEADER_SIZE);
            String headerProblem = SegmentFormat.headerProblem(buffer, segment);
            if (headerProblem != null) {
                return new Result(Ending.BAD_HEADER, 0, 0, 0, size, headerProblem);
            }
            boolean fromFirstRecord = from <= HEADER_SIZE;
            long position = Math.max(from, HEADER_SIZE);
            long records = 0;
            long bytes = 0;
            while (true) {
                long remaining = size - position;
                if (remaining == 0) {
                    return new Result(Ending.END_OF_FILE, position, records, bytes, size, null);
                }
                if (remaining < FRAME_HEADER_SIZE) {
                    return damaged(position, records, bytes, size, "partial frame header (" + remaining + " bytes)");
                }
                int at = fill(channel, position, FRAME_HEADER_SIZE);
                int length = SegmentFormat.readInt(buffer, at);
                int storedCrc = SegmentFormat.readInt(buffer, at + 4);
                if (length == END_MARKER) {
                    long count = Integer.toUnsignedLong(storedCrc);
                    if (fromFirstRecord && count != records) {
                        return damaged(position, records, bytes, size, "end marker counts " + count + " records, the segment holds " + records);
                    }
                    if (remaining > END_MARKER_SIZE) {
                        return damaged(position, records, bytes, size, (remaining - END_MARKER_SIZE) + " bytes after the end marker");
                    }
                    return new Result(Ending.END_MARKER, position, records, bytes, size, null);
                }
                if (length == 0) {
                    return damaged(position, records, bytes, size, "zero length (unwritten or zero-filled space)");
                }
                if (length < 0 || length > remaining - FRAME_HEADER_SIZE) {
                    return damaged(position, records, bytes, size, "length " + Integer.toUnsignedLong(length)
                            + " runs past the end of the file (" + (remaining - FRAME_HEADER_SIZE) + " bytes follow)");
                }
                at = fill(channel, position, FRAME_HEADER_SIZE + length);
                crc.reset();
                crc.update(buffer, at + FRAME_HEADER_SIZE, length);
                int actualCrc = (int) crc.getValue();
                if (actualCrc != storedCrc) {
                    return damaged(position, records, bytes, size, "CRC32C mismatch (stored " + hex(storedCrc) + ", computed "
                            + hex(actualCrc) + ") for a " + length + "-byte record");
                }
                if (consumer != null) {
                    consumer.accept(new LogPosition(segment, position), buffer, at + FRAME_HEADER_SIZE, length);
                }
                records++;
                bytes += length;
                position += FRAME_HEADER_SIZE + length;
            }
        }
    }

    private static Result damaged(long position, long records, long bytes, long size, String problem) {
        return new Result(Ending.DAMAGED, position, records, bytes, size, problem);
    }

    /**
     * Makes the buffer hold file bytes {@code [position, position + length)}, reading ahead a block
     * at a time, and returns the index of {@code position} in the buffer. The caller has checked
     * that the file holds them.
     */
    private int fill(FileChannel channel, long position, int length) throws IOException {
        if (position >= bufferStart && position + length <= bufferStart + buffered) {
            return (int) (position - bufferStart);
        }
        int keep = 0;
        if (position >= bufferStart && position < bufferStart + buffered) {
            keep = (int) (bufferStart + buffered - position);
        }
        if (length > buffer.length) {
            byte[] larger = new byte[Math.max(length, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buffer.length))];
            System.arraycopy(buffer, (int) (position - bufferStart), larger, 0, keep);
            buffer = larger;
        } else if (keep > 0) {
            System.arraycopy(buffer, (int) (position - bufferStart), buffer, 0, keep);
        }
        bufferStart = position;
        buffered = keep;
        ByteBuffer target = ByteBuffer.wrap(buffer);
        while (buffered < length) {
            target.limit(buffer.length).position(buffered);
            int n = channel.read(target, bufferStart + buffered);
            if (n < 0) {
                throw new EOFException("file ended at offset " + (bufferStart + buffered) + " while reading " + length
                        + " bytes at offset " + position + " (did it shrink?)");
            }
            buffered += n;
        }
        return 0;
    }

    private static String hex(int crc) {
        return String.format("0x%08x", crc);
    }
}
