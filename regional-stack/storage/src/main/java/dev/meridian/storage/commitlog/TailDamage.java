package dev.meridian.storage.commitlog;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Bytes at the end of the newest segment that do not form a complete, checksummed record: a write
 * torn by a crash, unwritten (zero) space, or a partial segment header. Replay stops there;
 * {@link CommitLog#open} cuts them off before appending.
 *
 * @param file the segment file
 * @param segment its sequence number
 * @param offset where the damage starts: the end of the last good record (0 for a bad header)
 * @param discardedBytes bytes from {@code offset} to the end of the file
 * @param reason what was wrong, e.g. {@code CRC32C mismatch}
 */
public record TailDamage(Path file, long segment, long offset, long discardedBytes, String reason) {
    public TailDamage {
        requireNonNull(file, "file is null");
        requireNonNull(reason, "reason is null");
    }

    @Override
    public String toString() {
        return file + " at offset " + offset + ": " + reason + " (" + discardedBytes + " bytes discarded)";
    }
}
