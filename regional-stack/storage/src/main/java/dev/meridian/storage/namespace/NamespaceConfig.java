package dev.meridian.storage.namespace;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.NamespaceOptions;
import dev.meridian.storage.commitlog.CommitLogOptions;
import dev.meridian.storage.head.HeadConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Everything a namespace needs to open.
 *
 * @param dir the namespace's directory: {@code blocks/}, {@code head/}, {@code wal/} and the
 *     commit log checkpoint live there
 * @param head the head's settings (its directory is {@code dir/head})
 * @param commitLog the commit log's settings
 * @param clock what "now" is for the accepted window, flushes and retention (simulated in tests)
 * @param registry where the namespace's meters go
 */
public record NamespaceConfig(NamespaceOptions options, Path dir, HeadConfig head, CommitLogOptions commitLog, Clock clock,
        MeterRegistry registry) {
    public NamespaceConfig {
        requireNonNull(options, "options is null");
        requireNonNull(dir, "dir is null");
        requireNonNull(head, "head is null");
        requireNonNull(commitLog, "commitLog is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(registry, "registry is null");
    }
}
