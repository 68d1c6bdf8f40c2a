package dev.meridian.coordinator.region;

/**
 * How large one message of a streamed region answer (Query, Store, Series) may grow: a message is
 * sent before it would hold more than {@code maxSeries} series or {@code maxBytes} encoded bytes of
 * series. A series is never split, so a single series larger than {@code maxBytes} travels alone
 * in a message of its own.
 *
 * @param maxSeries most series per message
 * @param maxBytes most encoded bytes of series per message (unless one series is larger)
 */
record MessageLimits(int maxSeries, int maxBytes) {
    /** 1000 series or 1 MiB, well under gRPC's usual 4 MiB message limit. */
    static final MessageLimits DEFAULT = new MessageLimits(1000, 1 << 20);

    MessageLimits {
        if (maxSeries <= 0) {
            throw new IllegalArgumentException("maxSeries must be > 0 (got: " + maxSeries + ")");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0 (got: " + maxBytes + ")");
        }
    }
}
