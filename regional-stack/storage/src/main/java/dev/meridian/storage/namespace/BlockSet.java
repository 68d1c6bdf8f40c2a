package dev.meridian.storage.namespace;

import dev.meridian.storage.StorageException;
import dev.meridian.storage.block.Block;
import dev.meridian.storage.block.BlockMeta;
import dev.meridian.storage.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads a namespace's blocks at start and cleans up what a crash can leave behind: temporary
 * block directories (a flush or compaction that did not finish) and source blocks of a
 * compaction whose result was already renamed into place (their window lies inside another
 * block's).
 */
final class BlockSet {
    private BlockSet() {}

    /** The usable blocks in {@code dir}, oldest first. */
    static List<Block> load(Path dir) {
        List<Block> blocks = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : entries.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(".tmp-")) {
                        DurableFiles.deleteRecursively(p);
                    } else if (Files.isDirectory(p)) {
                        blocks.add(Block.open(p));
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException(dev.meridian.storage.StorageErrorCode.IO, "cannot list blocks in " + dir + ": "
                    + e.getMessage(), e);
        }
        blocks.sort(Comparator.comparingLong((Block b) -> b.meta().minTime())
                .thenComparing(Comparator.comparingLong((Block b) -> b.meta().maxTime()).reversed()));
        List<Block> kept = new ArrayList<>();
        for (Block b : blocks) {
            Block last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            if (last != null && b.meta().maxTime() <= last.meta().maxTime()) {
                b.delete(); // a compaction source whose result survived
                continue;
            }
            if (last != null && b.meta().minTime() < last.meta().maxTime()) {
                throw new StorageException(dev.meridian.storage.StorageErrorCode.CORRUPTION, "blocks " + last + " and " + b
                        + " overlap partly; move one out of " + dir + " to start");
            }
            kept.add(b);
        }
        return kept;
    }

    /** End of the newest block's window, or {@code Long.MIN_VALUE} without blocks. */
    static long end(List<Block> blocks) {
        return blocks.isEmpty() ? Long.MIN_VALUE : blocks.get(blocks.size() - 1).meta().maxTime();
    }

    static long bytes(List<Block> blocks) {
        long total = 0;
        for (Block b : blocks) {
            BlockMeta m = b.meta();
            total += m.bytes();
        }
        return total;
    }
}
