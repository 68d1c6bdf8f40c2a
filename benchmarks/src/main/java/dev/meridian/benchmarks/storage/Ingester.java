package dev.meridian.benchmarks.storage;

import dev.meridian.storage.ManualClock;
import dev.meridian.storage.Storage;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.series.SeriesLabels;
import dev.meridian.workload.NodeExporterFleet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drives a node-exporter fleet into a storage engine scrape round by scrape round, as samples
 * reach a node: the round is generated (not timed), the simulated clock moves to the round's end,
 * then {@code writers} threads write it concurrently in batches (timed). Label bytes are
 * pre-encoded like a network buffer; every write wraps them in a new {@link SeriesLabels}, so the
 * engine hashes them each time as it would for a request, and the first round hands it copies it
 * keeps (so the engine's heap holds its own label bytes, as in production).
 */
final class Ingester implements AutoCloseable {
    private final NodeExporterFleet fleet;
    private final Storage storage;
    private final String namespace;
    private final ManualClock clock;
    private final byte[][] labels;
    private final long[] timestamps;
    private final double[] values;
    private final int writers;
    private final int batchSeries;
    private final WriteBatch[] batches;
    private final ExecutorService pool;
    private int firstRound = -1;
    private long writeNanos;
    private long samples;

    Ingester(NodeExporterFleet fleet, byte[][] labels, Storage storage, String namespace, ManualClock clock, int writers,
            int batchSeries) {
        this.fleet = fleet;
        this.storage = storage;
        this.namespace = namespace;
        this.clock = clock;
        this.labels = labels;
        this.timestamps = new long[fleet.seriesCount()];
        this.values = new double[fleet.seriesCount()];
        this.writers = writers;
        this.batchSeries = batchSeries;
        this.batches = new WriteBatch[writers];
        for (int i = 0; i < writers; i++) {
            batches[i] = new WriteBatch();
        }
        this.pool = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "bench-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** The canonical label bytes of every series of {@code fleet}. */
    static byte[][] encodeLabels(NodeExporterFleet fleet) {
        byte[][] labels = new byte[fleet.seriesCount()][];
        for (int s = 0; s < labels.length; s++) {
            labels[s] = SeriesLabels.of(fleet.labels(s)).bytes();
        }
        return labels;
    }

    /** Generates and writes round {@code round}; the clock ends at the round's end. */
    void round(int round) throws InterruptedException {
        fleet.scrape(round, (s, t, v) -> {
            timestamps[s] = t;
            values[s] = v;
        });
        if (firstRound < 0) {
            firstRound = round;
        }
        boolean copy = round == firstRound;
        clock.set(fleet.roundEnd(round));
        int n = fleet.seriesCount();
        List<Callable<Void>> tasks = new ArrayList<>(writers);
        for (int w = 0; w < writers; w++) {
            int lo = (int) ((long) n * w / writers);
            int hi = (int) ((long) n * (w + 1) / writers);
            WriteBatch batch = batches[w];
            tasks.add(() -> {
                write(batch, lo, hi, copy);
                return null;
            });
        }
        long started = System.nanoTime();
        for (Future<Void> f : pool.invokeAll(tasks)) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a write failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        writeNanos += System.nanoTime() - started;
        samples += n;
    }

    private void write(WriteBatch batch, int lo, int hi, boolean copy) {
        for (int from = lo; from < hi; from += batchSeries) {
            int to = Math.min(hi, from + batchSeries);
            batch.clear();
            for (int s = from; s < to; s++) {
                batch.add(SeriesLabels.wrap(copy ? labels[s].clone() : labels[s]), timestamps[s], values[s]);
            }
            WriteResult result = storage.write(namespace, batch);
            if (!result.allWritten()) {
                throw new IllegalStateException("the engine refused benchmark samples: " + result.errors().get(0));
            }
        }
    }

    /** Time spent writing (not generating), summed over rounds. */
    long writeNanos() {
        return writeNanos;
    }

    long samples() {
        return samples;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
