package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the node server listens and schedules work (the {@code server} section of the config file,
 * docs/node-config.md).
 *
 * @param host the address to listen on: {@code 127.0.0.1} for loopback only, {@code 0.0.0.0} for
 *     every interface
 * @param port the TCP port for gRPC and HTTP alike; 0 picks a free one
 * @param maxRequestBytes the largest request message accepted; a larger one is refused with
 *     {@code RESOURCE_EXHAUSTED} before it is buffered
 * @param requestTimeout how long a call may take when the client sets no gRPC deadline (a
 *     client's deadline takes precedence)
 * @param shutdownTimeout how long closing the server waits for calls in flight
 * @param writeThreads threads running Write calls (each waits for its commit-log sync)
 * @param readThreads threads running Fetch, LabelNames and LabelValues calls; a Fetch holds one
 *     while its client reads the stream
 */
public record ServerConfig(String host, int port, int maxRequestBytes, Duration requestTimeout, Duration shutdownTimeout,
        int writeThreads, int readThreads) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9410;
    /** 16 MiB: room for about a million samples of a few hundred series. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 << 20;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_WRITE_THREADS = 16;
    public static final int DEFAULT_READ_THREADS = 16;
    /** Smallest allowed max request size: a request with one short series must fit. */
    public static final int MIN_MAX_REQUEST_BYTES = 1 << 10;
    /** Largest allowed max request size; gRPC messages are limited to 2 GiB anyway. */
    public static final int MAX_MAX_REQUEST_BYTES = 1 << 30;
    /** More threads than this in either pool is surely a typo. */
    public static final int MAX_THREADS = 1024;

    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(shutdownTimeout, "shutdownTimeout is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535] (got: " + port + ")");
        }
        if (maxRequestBytes < MIN_MAX_REQUEST_BYTES || maxRequestBytes > MAX_MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("maxRequestBytes must be in [" + MIN_MAX_REQUEST_BYTES + ", "
                    + MAX_MAX_REQUEST_BYTES + "] (got: " + maxRequestBytes + ")");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0 (got: " + requestTimeout + ")");
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative (got: " + shutdownTimeout + ")");
        }
        if (writeThreads <= 0 || writeThreads > MAX_THREADS) {
            throw new IllegalArgumentException("writeThreads must be in [1, " + MAX_THREADS + "] (got: " + writeThreads + ")");
        }
        if (readThreads <= 0 || readThreads > MAX_THREADS) {
            throw new IllegalArgumentException("readThreads must be in [1, " + MAX_THREADS + "] (got: " + readThreads + ")");
        }
    }

    /** Every default: 127.0.0.1:9410, 16 MiB requests, 2m request timeout, 10s shutdown timeout, 16 + 16 threads. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_WRITE_THREADS, DEFAULT_READ_THREADS);
    }

    /** The same with another host and port, e.g. {@code ("127.0.0.1", 0)} in tests. */
    public ServerConfig withAddress(String host, int port) {
        return new ServerConfig(host, port, maxRequestBytes, requestTimeout, shutdownTimeout, writeThreads, readThreads);
    }

    /** The same with another max request size. */
    public ServerConfig withMaxRequestBytes(int maxRequestBytes) {
        return new ServerConfig(host, port, maxRequestBytes, requestTimeout, shutdownTimeout, writeThreads, readThreads);
    }
}
