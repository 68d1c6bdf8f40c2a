package dev.meridian.promql.storage;

/**
 * Prometheus' staleness marker: a NaN with a distinct bit pattern, written when a series
 * disappears. It ends the series for instant lookups and is skipped in range windows.
 */
public final class StaleMarker {
    /** The bit pattern of the marker ({@code 0x7ff0000000000002}). */
    public static final long BITS = 0x7ff0000000000002L;

    /** The marker as a double value. */
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleMarker() {}

    public static boolean isStale(double value) {
        return Double.doubleToRawLongBits(value) == BITS;
    }
}
