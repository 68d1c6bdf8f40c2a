package dev.meridian.coordinator.read;

import dev.meridian.promql.storage.SampleIterator;
import java.util.List;

/**
 * The samples of one series held by several replicas, merged in timestamp order: a timestamp
 * present on several replicas appears once, with the value of the first replica in the list that
 * has it (replicas store the same value; a replica that missed writes while it was down just lacks
 * some timestamps). Replicas are few, so the smallest is found by a scan.
 */
final class ReplicaMergeIterator implements SampleIterator {
    private final SampleIterator[] replicas;
    private final boolean[] live;
    private boolean started;
    private long timestamp;
    private double value;

    ReplicaMergeIterator(List<SampleIterator> replicas) {
        this.replicas = replicas.toArray(new SampleIterator[0]);
        this.live = new boolean[this.replicas.length];
    }

    @Override
    public boolean next() {
        if (!started) {
            started = true;
            for (int i = 0; i < replicas.length; i++) {
                live[i] = replicas[i].next();
            }
        } else {
            // Move every replica past the current timestamp.
            for (int i = 0; i < replicas.length; i++) {
                if (live[i] && replicas[i].timestamp() == timestamp) {
                    live[i] = replicas[i].next();
                }
            }
        }
        return settle();
    }

    @Override
    public boolean seek(long t) {
        if (started && timestamp >= t && anyLive()) {
            return true;
        }
        started = true;
        for (int i = 0; i < replicas.length; i++) {
            live[i] = replicas[i].seek(t);
        }
        return settle();
    }

    private boolean anyLive() {
        for (boolean l : live) {
            if (l) {
                return true;
            }
        }
        return false;
    }

    /** Takes the smallest timestamp among the live replicas, from the first replica holding it. */
    private boolean settle() {
        int first = -1;
        for (int i = 0; i < replicas.length; i++) {
            if (live[i] && (first < 0 || replicas[i].timestamp() < replicas[first].timestamp())) {
                first = i;
            }
        }
        if (first < 0) {
            return false;
        }
        timestamp = replicas[first].timestamp();
        value = replicas[first].value();
        return true;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public double value() {
        return value;
    }
}
