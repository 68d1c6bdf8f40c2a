package dev.meridian.storage.head;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.commitlog.LogPosition;
import dev.meridian.storage.files.ChecksummedFile;
import dev.meridian.storage.files.DurableFiles;
import dev.meridian.storage.series.SeriesLabels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The head's state at a clean shutdown, so that a restart maps the head chunk files back instead
 * of replaying the commit log. Written by {@link Head#close()} after every open chunk was sealed
 * into the chunk files, read and then deleted at start (a later crash replays the log, which
 * still holds everything). The file {@code <head dir>/snapshot}, little-endian
 * (docs/format/head-snapshot.md):
 *
 * <pre>
 * u32 magic "MHSN", u8 version 1
 * i64 minValidTime, u32 nextRef
 * i64 log end segment, i64 log end offset     (records from here on are not in the snapshot)
 * u32 n, n × (i64 segment, i64 newest sample time)
 * u32 n, n × (i64 window start, i64 chunk file end position)
 * u32 n, n × series:
 *     u32 ref, u32 label bytes length, label bytes (canonical), i64 last time, i64 last value bits,
 *     u32 sealed count, sealed count × i64 chunk reference,
 *     u32 out-of-order count, count × (i64 time, i64 value bits)
 * u32 CRC32C of all bytes before it
 * </pre>
 */
final class HeadSnapshot {
    static final String FILE = "snapshot";
    private static final int MAGIC = 0x4D48534E;
    private static final byte VERSION = 1;
    private static final String WHAT = "head snapshot";

    /** A snapshot as read back. */
    record Contents(long minValidTime, int nextRef, LogPosition logEnd, Map<Long, Long> newestSamples,
            Map<Long, Long> windowEnds, List<SeriesState> series) {}

    /** One series as the snapshot holds it. */
    record SeriesState(int ref, SeriesLabels labels, long lastTime, long lastValueBits, long[] sealed, long[] oooTimes,
            long[] oooValueBits) {}

    private HeadSnapshot() {}

    static void write(Head head, LogPosition logEnd) {
        Output out = new Output();
        out.u32(MAGIC);
        out.u8(VERSION);
        out.i64(head.minValidTime());
        out.u32(head.nextRef());
        out.i64(logEnd.segment());
        out.i64(logEnd.offset());
        Map<Long, Long> newest = head.log().newestSamples();
        out.u32(newest.size());
        newest.forEach((segment, time) -> {
            out.i64(segment);
            out.i64(time);
        });
        List<HeadWindow> windows = head.windows();
        out.u32(windows.size());
        for (HeadWindow w : windows) {
            out.i64(w.start());
            out.i64(w.files().end());
        }
        List<MemSeries> all = head.allSeries();
        out.u32(all.size());
        for (MemSeries s : all) {
            synchronized (s) {
                out.u32(s.ref);
                byte[] labels = s.labels.bytes();
                out.u32(labels.length);
                out.bytes(labels);
                out.i64(s.lastTime);
                out.i64(s.lastValueBits);
                out.u32(s.sealedCount);
                for (int i = 0; i < s.sealedCount; i++) {
                    out.i64(s.sealed[i]);
                }
                OutOfOrderBuffer ooo = s.outOfOrder;
                int n = ooo == null ? 0 : ooo.size();
                out.u32(n);
                for (int i = 0; i < n; i++) {
                    out.i64(ooo.timestamp(i));
                    out.i64(Double.doubleToRawLongBits(ooo.value(i)));
                }
            }
        }
        ChecksummedFile.write(head.dir().resolve(FILE), out.toByteArray());
    }

    /**
     * Reads the snapshot in {@code dir}; null if there is none.
     *
     * @throws StorageException {@code CORRUPTION} if it is damaged (the caller then replays the log)
     */
    static Contents read(Path dir) {
        Path file = dir.resolve(FILE);
        ByteBuffer in = ChecksummedFile.read(file, WHAT, MAGIC, VERSION, 0);
        if (in == null) {
            return null;
        }
        try {
            long minValidTime = in.getLong();
            int nextRef = in.getInt();
            LogPosition logEnd = new LogPosition(in.getLong(), in.getLong());
            Map<Long, Long> newest = new LinkedHashMap<>();
            for (int i = count(in, 16); i > 0; i--) {
                newest.put(in.getLong(), in.getLong());
            }
            Map<Long, Long> windows = new LinkedHashMap<>();
            for (int i = count(in, 16); i > 0; i--) {
                windows.put(in.getLong(), in.getLong());
            }
            int seriesCount = count(in, 32);
            List<SeriesState> series = new ArrayList<>(seriesCount);
            for (int i = 0; i < seriesCount; i++) {
                int ref = in.getInt();
                byte[] labels = new byte[count(in, 1)];
                in.get(labels);
                long lastTime = in.getLong();
                long lastBits = in.getLong();
                long[] sealed = new long[count(in, 8)];
                for (int k = 0; k < sealed.length; k++) {
                    sealed[k] = in.getLong();
                }
                int ooo = count(in, 16);
                long[] times = new long[ooo];
                long[] values = new long[ooo];
                for (int k = 0; k < ooo; k++) {
                    times[k] = in.getLong();
                    values[k] = in.getLong();
                }
                series.add(new SeriesState(ref, SeriesLabels.wrap(labels), lastTime, lastBits, sealed, times, values));
            }
            if (in.hasRemaining()) {
                throw corrupt(file, in.remaining() + " bytes follow the last series");
            }
            return new Contents(minValidTime, nextRef, logEnd, newest, windows, series);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt(file, "it is malformed: " + e);
        }
    }

    static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot delete head snapshot in " + dir + ": " + e.getMessage(), e);
        }
        DurableFiles.forceDirectory(dir);
    }

    /** A count followed by at least {@code minBytesEach} bytes per item; rejects impossible counts before allocating. */
    private static int count(ByteBuffer in, int minBytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * minBytesEach > in.remaining()) {
            throw new IllegalArgumentException("count " + n + " at byte " + (in.position() - 4) + " exceeds the file");
        }
        return n;
    }

    private static StorageException corrupt(Path file, String problem) {
        return ChecksummedFile.corrupt(file, WHAT, problem);
    }

    /** A growable little-endian buffer. */
    private static final class Output extends ByteArrayOutputStream {
        Output() {
            super(1 << 16);
        }

        byte[] array() {
            return buf;
        }

        void u8(int v) {
            write(v);
        }

        void u32(int v) {
            for (int i = 0; i < 4; i++) {
                write(v >>> (8 * i));
            }
        }

        void i64(long v) {
            for (int i = 0; i < 8; i++) {
                write((int) (v >>> (8 * i)));
            }
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
