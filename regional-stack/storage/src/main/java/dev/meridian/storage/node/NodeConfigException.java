package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A config file that cannot be used. The message names the file, the key (as a path such as
 * {@code namespaces[0].blockSize}) and what is wrong and expected, e.g. {@code
 * storage.yaml: namespaces[0].blockSize: must divide a day or be whole days (got: 7h)}.
 */
public final class NodeConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;
    private final String problem;

    /**
     * @param key the key path, or null when the problem is with the file as a whole
     */
    NodeConfigException(Path file, String key, String problem, Throwable cause) {
        super(message(requireNonNull(file, "file is null"), key, requireNonNull(problem, "problem is null")), cause);
        this.file = file;
        this.key = key;
        this.problem = problem;
    }

    NodeConfigException(Path file, String key, String problem) {
        this(file, key, problem, null);
    }

    public Path file() {
        return file;
    }

    /** The key path, e.g. {@code server.port}; empty when the file as a whole is the problem. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** What is wrong and what is expected, without file and key. */
    public String problem() {
        return problem;
    }

    private static String message(Path file, String key, String problem) {
        return key == null ? file + ": " + problem : file + ": " + key + ": " + problem;
    }
}
