package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects coverage while a request runs; region calls complete on any thread. A region's status
 * is its first failure, or OK once a call answered, or SKIPPED with the reason if it was never
 * called.
 */
final class CoverageRecorder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param regions all regions, in report order
     * @param skipReasons why each region would be skipped if it is never called
     */
    CoverageRecorder(List<String> regions, Map<String, String> skipReasons) {
        requireNonNull(skipReasons, "skipReasons is null");
        for (String region : requireNonNull(regions, "regions is null")) {
            entries.put(region, new Entry(skipReasons.getOrDefault(region, "not needed by the request")));
        }
    }

    synchronized void answered(String region, long series, long samples, long bytes, long latencyNanos) {
        Entry e = entry(region);
        e.called = true;
        e.series += series;
        e.samples += samples;
        e.bytes += bytes;
        e.latencyNanos = Math.max(e.latencyNanos, latencyNanos);
    }

    synchronized void failed(String region, RegionStatus status, String error, long latencyNanos) {
        Entry e = entry(region);
        e.called = true;
        e.latencyNanos = Math.max(e.latencyNanos, latencyNanos);
        if (e.status == null) {
            e.status = status;
            e.error = error;
        }
    }

    /** Regions with a failure so far. */
    synchronized Set<String> failedRegions() {
        Set<String> out = new LinkedHashSet<>();
        entries.forEach((region, e) -> {
            if (e.status != null) {
                out.add(region);
            }
        });
        return out;
    }

    synchronized int regionCount() {
        return entries.size();
    }

    synchronized Coverage snapshot() {
        List<RegionCoverage> out = new ArrayList<>();
        entries.forEach((region, e) -> {
            RegionStatus status = e.status != null ? e.status : e.called ? RegionStatus.OK : RegionStatus.SKIPPED;
            out.add(new RegionCoverage(region, status, e.series, e.samples, e.bytes, e.latencyNanos / 1e6,
                    e.status != null ? e.error : "", status == RegionStatus.SKIPPED ? e.skipReason : ""));
        });
        return new Coverage(out);
    }

    private Entry entry(String region) {
        Entry e = entries.get(region);
        if (e == null) {
            throw new IllegalArgumentException("unknown region " + region);
        }
        return e;
    }

    private static final class Entry {
        final String skipReason;
        boolean called;
        long series;
        long samples;
        long bytes;
        long latencyNanos;
        RegionStatus status;
        String error;

        Entry(String skipReason) {
            this.skipReason = skipReason;
        }
    }
}
