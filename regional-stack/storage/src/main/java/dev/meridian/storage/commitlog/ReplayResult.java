package dev.meridian.storage.commitlog;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a replay read.
 *
 * @param records records handed to the consumer
 * @param bytes payload bytes handed to the consumer
 * @param end the position just after the last record read, or the start position if none was
 * @param tailDamage the incomplete or corrupt bytes that ended the newest segment, if any
 */
public record ReplayResult(long records, long bytes, LogPosition end, Optional<TailDamage> tailDamage) {
    public ReplayResult {
        requireNonNull(end, "end is null");
        requireNonNull(tailDamage, "tailDamage is null");
    }
}
