package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrentCloseTest {
    @Test
    void closesEveryComponentAtOnceAndSkipsNulls() {
        // Each close waits for all three to have started: it only returns if they run at the same time.
        CountDownLatch allClosing = new CountDownLatch(3);
        AtomicInteger closed = new AtomicInteger();
        AutoCloseable component = () -> {
            allClosing.countDown();
            if (!allClosing.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("closed one after another");
            }
            closed.incrementAndGet();
        };

        ConcurrentClose.closeAll(Arrays.asList(component, null, component, component));

        assertThat(closed).hasValue(3);
    }

    @Test
    void waitsForAllAndThrowsTheFirstFailureWithTheOthersSuppressed() {
        AtomicInteger closed = new AtomicInteger();
        AutoCloseable fine = closed::incrementAndGet;
        AutoCloseable broken = () -> {
            throw new IllegalStateException("port still bound");
        };
        AutoCloseable checked = () -> {
            throw new IOException("cannot write the snapshot");
        };

        assertThatThrownBy(() -> ConcurrentClose.closeAll(List.of(broken, fine, checked)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("port still bound")
                .satisfies(e -> {
                    assertThat(e.getSuppressed()).hasSize(1);
                    assertThat(e.getSuppressed()[0]).isInstanceOf(IOException.class).hasMessage("cannot write the snapshot");
                });
        assertThat(closed).hasValue(1);
    }
}
