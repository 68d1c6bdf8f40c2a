package dev.meridian.storage.head;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.NamespaceOptions;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.series.SeriesLimits;
import java.nio.file.Path;

/**
 * How a namespace's head is set up.
 *
 * @param namespace the namespace's options (block size, buffers)
 * @param dir the head's directory: one subdirectory of chunk files per block window, and the
 *     snapshot a clean shutdown leaves
 * @param encoding how new chunks are encoded
 * @param limits label limits for new series
 * @param chunkFileBytes size of each head chunk file
 * @param metrics where the head counts what it does
 */
public record HeadConfig(NamespaceOptions namespace, Path dir, ChunkEncoding encoding, SeriesLimits limits,
        int chunkFileBytes, HeadMetrics metrics) {
    public HeadConfig {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(dir, "dir is null");
        requireNonNull(encoding, "encoding is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(metrics, "metrics is null");
        if (chunkFileBytes < 4096) {
            throw new IllegalArgumentException("chunkFileBytes must be >= 4096 (got: " + chunkFileBytes + ")");
        }
    }
}
