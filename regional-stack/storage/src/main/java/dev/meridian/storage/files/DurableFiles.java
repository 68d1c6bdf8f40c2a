package dev.meridian.storage.files;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file operations that make on-disk state survive a crash: write to a temporary name, force
 * the data, rename over the final name, and force the directory so that the rename itself is
 * durable (POSIX: a rename is only on disk once its directory is synced).
 */
public final class DurableFiles {
    private DurableFiles() {}

    /** Replaces {@code file} with {@code content} atomically and durably. */
    public static void write(Path file, byte[] content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw io("cannot write " + tmp, e);
        }
        rename(tmp, file);
    }

    /** Forces a file's content to disk. */
    public static void force(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw io("cannot sync " + file, e);
        }
    }

    /** Renames atomically (a directory too) and syncs the parent directory. */
    public static void rename(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw io("cannot rename " + from + " to " + to, e);
        }
        forceDirectory(to.toAbsolutePath().getParent());
    }

    /** Syncs a directory's entries (new, renamed and deleted names). */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw io("cannot sync directory " + dir, e);
        }
    }

    /** Deletes a file or a directory tree; nothing if it does not exist. */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException gone) {
                    // Deleted concurrently: what we wanted.
                }
            }
        } catch (IOException e) {
            throw io("cannot delete " + path, e);
        }
    }

    /** Bytes of a file, or of all files under a directory. */
    public static long size(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        } catch (IOException e) {
            throw io("cannot measure " + path, e);
        }
    }

    private static StorageException io(String what, IOException e) {
        return new StorageException(StorageErrorCode.IO, what + ": " + e.getMessage(), e);
    }
}
