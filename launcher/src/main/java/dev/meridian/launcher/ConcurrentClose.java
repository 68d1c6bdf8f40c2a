package dev.meridian.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Closes several independent components at once and waits for all of them. Each Armeria server
 * takes about two seconds to stop, so the demo's 3 regions (a gateway, 6 coordinators, 9 storage
 * nodes) took over 30 s to stop one after another.
 */
final class ConcurrentClose {
    private ConcurrentClose() {}

    /**
     * Closes every non-null component on a thread of its own and returns once all are closed.
     *
     * @throws RuntimeException the failure of the earliest failing component in the list (a checked one
     *     wrapped), with the others suppressed in it
     */
    static void closeAll(List<? extends AutoCloseable> components) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (AutoCloseable component : components) {
            if (component == null) {
                continue;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    component.close();
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "close-" + component.getClass().getSimpleName());
            thread.start();
            closing.add(done);
        }
        RuntimeException failure = null;
        for (CompletableFuture<Void> done : closing) {
            try {
                done.join();
            } catch (CompletionException e) {
                Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
