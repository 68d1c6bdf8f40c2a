package dev.meridian.storage.metadata;

import dev.meridian.storage.StorageException;
import dev.meridian.storage.files.ChecksummedFile;
import dev.meridian.storage.files.DurableFiles;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The metadata file of a storage node, {@code <dataDir>/metric-metadata.bin}
 * (docs/format/metadata.md). Little-endian; written whole to a temporary file, synced and renamed
 * over the old one ({@link DurableFiles#write}), so a reader sees the old file or the new one,
 * never a mix:
 *
 * <pre>
 * u32 magic 0x4D4D4554 ("MMET" as a big-endian word), u8 version 1
 * u32 n, then n × entry:
 *     u32 family length, family (ASCII)
 *     u8  type (MetricType ordinal = its remote.proto number)
 *     u32 help length, help (UTF-8)
 *     u32 unit length, unit (UTF-8)
 *     i64 receivedMs
 * u32 CRC32C (Castagnoli) of every byte before it
 * </pre>
 */
final class MetadataFile {
    private static final int MAGIC = 0x4D4D4554;
    private static final byte VERSION = 1;
    private static final String WHAT = "metadata file";
    /** Smallest entry: four length/type fields and the time, with an empty help and unit and a 1-byte name. */
    private static final int MIN_ENTRY_BYTES = 4 + 1 + 1 + 4 + 4 + 8;

    private MetadataFile() {}

    /** Replaces {@code file} with {@code entries}, atomically and durably. */
    static void write(Path file, Collection<FamilyMetadata> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + entries.size() * 128);
        ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        u32(out, scratch, MAGIC);
        out.write(VERSION);
        u32(out, scratch, entries.size());
        for (FamilyMetadata entry : entries) {
            bytes(out, scratch, entry.family().getBytes(StandardCharsets.US_ASCII));
            out.write(entry.type().ordinal());
            bytes(out, scratch, entry.help().getBytes(StandardCharsets.UTF_8));
            bytes(out, scratch, entry.unit().getBytes(StandardCharsets.UTF_8));
            scratch.clear();
            out.write(scratch.putLong(entry.receivedMs()).array(), 0, 8);
        }
        ChecksummedFile.write(file, out.toByteArray());
    }

    /**
     * The entries in {@code file}, in file order; empty if there is no file.
     *
     * @throws StorageException {@code IO} if it cannot be read, {@code CORRUPTION} naming the file
     *     and the problem if its checksum, structure or an entry is wrong
     */
    static List<FamilyMetadata> read(Path file) {
        ByteBuffer in = ChecksummedFile.read(file, WHAT, MAGIC, VERSION, 4);
        if (in == null) {
            return List.of();
        }
        try {
            int n = count(in, MIN_ENTRY_BYTES);
            List<FamilyMetadata> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String family = string(in);
                MetricType type = MetricType.ofNumber(Byte.toUnsignedInt(in.get()));
                String help = string(in);
                String unit = string(in);
                entries.add(new FamilyMetadata(family, type, help, unit, in.getLong()));
            }
            if (in.hasRemaining()) {
                throw corrupt(file, in.remaining() + " bytes follow the last entry");
            }
            return entries;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt(file, "it is malformed: " + e);
        }
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[count(in, 1)];
        in.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a string before byte " + in.position() + " is not valid UTF-8");
        }
    }

    /** A count followed by at least {@code minBytesEach} bytes per item; rejects impossible counts before allocating. */
    private static int count(ByteBuffer in, int minBytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * minBytesEach > in.remaining()) {
            throw new IllegalArgumentException("count " + n + " at byte " + (in.position() - 4) + " exceeds the file");
        }
        return n;
    }

    private static void u32(ByteArrayOutputStream out, ByteBuffer scratch, int value) {
        scratch.clear();
        out.write(scratch.putInt(value).array(), 0, 4);
    }

    private static void bytes(ByteArrayOutputStream out, ByteBuffer scratch, byte[] bytes) {
        u32(out, scratch, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static StorageException corrupt(Path file, String problem) {
        return ChecksummedFile.corrupt(file, WHAT, problem);
    }
}
