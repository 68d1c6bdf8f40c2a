package dev.meridian.benchmarks.engine;

import static java.util.Objects.requireNonNull;

import dev.meridian.workload.DatasetSpec;
import dev.meridian.workload.ServiceMetricsGenerator;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.engine.QueryResult;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PromQL engine on a generated fleet ({@link ServiceMetricsGenerator}, 10,000 series × 720
 * samples at 15s by default): one benchmark method per {@link EngineQuery}, each a range query over
 * the whole dataset at a 30s step, against {@link InMemoryStorage} so that storage costs next to
 * nothing and the engine is what is measured.
 *
 * <h2>Samples processed per second</h2>
 * The primary score is queries per second. The secondary score {@code samplesRead} is samples
 * processed per second: every invocation adds the engine's own {@link QueryResult#samplesRead()}
 * to an {@link AuxCounters.Type#OPERATIONS} counter, which JMH divides by the measured time exactly
 * like the primary score. The engine counts each sample once when it enters a range function's
 * window (a sample shared by overlapping windows counts once) and each sample an instant selector
 * steps over. The query range runs from the first sample to the first step at or after the last
 * one ({@link #queryEnd}), so every query reads each sample of its selected series exactly once:
 * for {@code rate} on the defaults, 200 hosts × 20 series × 720 samples = 2,880,000 per query.
 * A subquery's own points are not read from storage and do not count; its inner {@code rate}
 * steps every whole minute, so samples after the last whole minute of the range are not read.
 *
 * <p>The fork and iteration settings below are for running this class directly with JMH, which
 * also allows JMH's profilers, e.g. after {@code ./meridian --version} has built the launcher:
 * <pre>
 * java -cp 'launcher/target/lib/*' org.openjdk.jmh.Main 'BenchmarkEngine.rate$' -prof stack
 * </pre>
 * {@code meridian bench engine} ({@link EngineBench}) sets them from its options.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BenchmarkEngine {
    /** Hosts in the fleet, 50 series each. */
    @Param("200")
    public int hosts;

    /** Samples per series, 15s apart. */
    @Param("720")
    public int samples;

    private Engine engine;
    private InMemoryStorage storage;
    private DatasetSpec spec;

    /** Generates the dataset; runs once per fork and benchmark, outside the measurement. */
    @Setup(Level.Trial)
    public void generate() {
        spec = new DatasetSpec(hosts, samples, DatasetSpec.DEFAULT_INTERVAL_MILLIS,
                DatasetSpec.DEFAULT_START_MILLIS, DatasetSpec.DEFAULT_SEED);
        storage = new ServiceMetricsGenerator(spec).load();
        engine = new Engine(EngineConfig.defaults());
    }

    @Benchmark
    public QueryResult sumBy(SamplesRead counter) {
        return run(EngineQuery.SUM_BY, counter);
    }

    @Benchmark
    public QueryResult rate(SamplesRead counter) {
        return run(EngineQuery.RATE, counter);
    }

    @Benchmark
    public QueryResult binaryOn(SamplesRead counter) {
        return run(EngineQuery.BINARY_ON, counter);
    }

    @Benchmark
    public QueryResult histogramQuantile(SamplesRead counter) {
        return run(EngineQuery.HISTOGRAM_QUANTILE, counter);
    }

    @Benchmark
    public QueryResult subquery(SamplesRead counter) {
        return run(EngineQuery.SUBQUERY, counter);
    }

    /** Runs {@code query} as a range query over the whole dataset and counts the samples it read. */
    QueryResult run(EngineQuery query, SamplesRead counter) {
        requireNonNull(counter, "counter is null");
        if (storage == null) {
            throw new IllegalStateException("generate() must run before the benchmarks");
        }
        QueryResult result = engine.rangeQuery(storage, query.promql(), spec.startMillis(), queryEnd(spec),
                EngineQuery.STEP_MILLIS).execute();
        counter.samplesRead += result.samplesRead();
        return result;
    }

    /**
     * The end of every query's range: the first step at or after the last sample, so that the last
     * step still sees it ({@code start + 3h} on the defaults, 361 steps).
     */
    static long queryEnd(DatasetSpec spec) {
        long span = spec.endMillis() - spec.startMillis();
        long steps = (span + EngineQuery.STEP_MILLIS - 1) / EngineQuery.STEP_MILLIS;
        return spec.startMillis() + steps * EngineQuery.STEP_MILLIS;
    }

    /**
     * Samples read by the queries of one iteration. JMH reports every public field of this class
     * as a secondary result named after it, normalized to the iteration time.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class SamplesRead {
        public long samplesRead;

        @Setup(Level.Iteration)
        public void reset() {
            samplesRead = 0;
        }
    }
}
