package dev.meridian.storage.files;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A small file written and read whole, little-endian:
 * <pre>
 * u32 magic | u8 version | body | u32 CRC32C (Castagnoli) of every byte before it
 * </pre>
 * The head snapshot and a node's metric metadata are such files. Failures are {@link
 * StorageException}s whose messages name the file as {@code "<what> <path>"}, e.g. {@code head
 * snapshot /data/raw/head/snapshot is damaged: its CRC32C does not match}.
 */
public final class ChecksummedFile {
    private static final int HEADER_BYTES = 4 + 1;
    private static final int CRC_BYTES = 4;

    private ChecksummedFile() {}

    /**
     * Appends the CRC32C of {@code content} (magic, version and body, as written by the caller)
     * and writes the file durably ({@link DurableFiles#write}).
     */
    public static void write(Path file, byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        byte[] sealed = Arrays.copyOf(content, content.length + CRC_BYTES);
        ByteBuffer.wrap(sealed).order(ByteOrder.LITTLE_ENDIAN).putInt(content.length, (int) crc.getValue());
        DurableFiles.write(file, sealed);
    }

    /**
     * Reads the file and checks its size, checksum, magic and version.
     *
     * @param what what the file is, for messages, e.g. {@code "head snapshot"}
     * @param minBodyBytes the smallest body the format allows
     * @return the body (little-endian, from after the version to before the checksum), or null if
     *     there is no file
     * @throws StorageException {@code IO} if it cannot be read, {@code CORRUPTION} if it is damaged
     */
    public static ByteBuffer read(Path file, String what, int magic, byte version, int minBodyBytes) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < HEADER_BYTES + minBodyBytes + CRC_BYTES) {
            throw corrupt(file, what, "it has only " + bytes.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - CRC_BYTES);
        if ((int) crc.getValue() != in.getInt(bytes.length - CRC_BYTES)) {
            throw corrupt(file, what, "its CRC32C does not match");
        }
        in.limit(bytes.length - CRC_BYTES);
        if (in.getInt() != magic) {
            throw corrupt(file, what, "it does not start with the " + what + " magic");
        }
        byte found = in.get();
        if (found != version) {
            throw corrupt(file, what, "it has version " + found + ", this node reads version " + version);
        }
        return in;
    }

    /** {@code CORRUPTION}: "{@code <what> <file> is damaged: <problem>}". */
    public static StorageException corrupt(Path file, String what, String problem) {
        return new StorageException(StorageErrorCode.CORRUPTION, what + " " + file + " is damaged: " + problem);
    }
}
