package dev.meridian.storage.metadata;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A storage node's metric metadata: the newest entry ({@link FamilyMetadata#NEWEST_LAST}) of
 * every metric family written to it, in memory, and in {@value #FILE_NAME} in the node's data
 * directory ({@link MetadataFile}, docs/format/metadata.md) as of the last {@link #flush()}.
 *
 * <p>Durability: a write is in memory only until the next flush, which the node server runs
 * periodically and at a clean stop. A crash therefore loses at most what was written since the
 * last flush. That is acceptable because the writers repeat themselves: Prometheus sends all of
 * its metadata every minute by default ({@code metadata_config.send_interval: 1m}), so a lost
 * entry is back within a minute of the node's restart. For the same reason a damaged file is not
 * fatal: {@link #open} moves it aside to {@value #FILE_NAME}{@code .damaged} and starts empty.
 *
 * <p>Thread-safe: writes and reads may run concurrently with each other and with a flush.
 */
public final class MetadataStore {
    /** The file's name in the data directory; no namespace directory can be named so (no dots there). */
    public static final String FILE_NAME = "metric-metadata.bin";

    private static final System.Logger LOG = System.getLogger(MetadataStore.class.getName());

    private final Path file;
    private final Map<String, FamilyMetadata> byFamily = new ConcurrentHashMap<>();
    /** Set by every change, cleared by a flush before it takes its copy. */
    private final AtomicBoolean changed = new AtomicBoolean();

    private MetadataStore(Path file) {
        this.file = file;
    }

    /**
     * Opens the metadata of the node with data directory {@code dataDir}, creating the directory
     * if needed and reading the file if there is one.
     *
     * @throws StorageException {@code IO} if the directory or the file cannot be read or created
     */
    public static MetadataStore open(Path dataDir) {
        requireNonNull(dataDir, "dataDir is null");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        MetadataStore store = new MetadataStore(dataDir.resolve(FILE_NAME));
        List<FamilyMetadata> entries;
        try {
            entries = MetadataFile.read(store.file);
        } catch (StorageException e) {
            if (e.code() != StorageErrorCode.CORRUPTION) {
                throw e;
            }
            Path aside = store.file.resolveSibling(FILE_NAME + ".damaged");
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; moved to " + aside
                    + " and starting without metadata (writers send it again, Prometheus every minute)");
            DurableFiles.rename(store.file, aside);
            entries = List.of();
        }
        for (FamilyMetadata entry : entries) {
            store.byFamily.merge(entry.family(), entry, FamilyMetadata::newer);
        }
        return store;
    }

    /** Keeps each entry unless the store holds a newer one of its family. */
    public void write(Collection<FamilyMetadata> entries) {
        requireNonNull(entries, "entries is null");
        for (FamilyMetadata entry : entries) {
            requireNonNull(entry, "entry is null");
            byFamily.compute(entry.family(), (family, held) -> {
                if (held != null && FamilyMetadata.NEWEST_LAST.compare(entry, held) <= 0) {
                    return held; // as new or newer: an equal entry is no change
                }
                changed.set(true);
                return entry;
            });
        }
    }

    /** Every family's entry, sorted by family name. */
    public List<FamilyMetadata> all() {
        List<FamilyMetadata> out = new ArrayList<>(byFamily.values());
        out.sort(Comparator.comparing(FamilyMetadata::family));
        return out;
    }

    /** Families held. */
    public int size() {
        return byFamily.size();
    }

    /**
     * Writes the file if anything changed since the last flush (atomically: temporary file,
     * sync, rename). Flushes run one at a time.
     *
     * @return whether the file was written
     * @throws StorageException {@code IO} if it cannot be written; the next flush tries again
     */
    public synchronized boolean flush() {
        if (!changed.getAndSet(false)) {
            return false;
        }
        try {
            MetadataFile.write(file, all());
        } catch (RuntimeException e) {
            changed.set(true);
            throw e;
        }
        return true;
    }

    /** The file, for tools and tests. */
    public Path file() {
        return file;
    }
}
