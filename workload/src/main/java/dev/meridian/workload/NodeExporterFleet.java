package dev.meridian.workload;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Prometheus server scrapes from a fleet of node exporters, scrape round by scrape round
 * (time-major, as samples arrive at a storage node), deterministic for its parameters: the
 * workload of the storage benchmark.
 *
 * <h2>Series of one host ({@value #SERIES_PER_HOST})</h2>
 * Modelled on node exporter 1.x with its default collectors on a 4-CPU host with two disks, three
 * network devices and five filesystems. {@code job="node"}, {@code instance="host-NNNNN:9100"}.
 * <pre>
 * node_cpu_seconds_total{cpu,mode}          32  counters, 2 decimals (USER_HZ ticks / 100); idle, user,
 *                                               system, iowait, irq, softirq move; nice, steal do not
 * node_cpu_guest_seconds_total{cpu,mode}     8  always 0
 * node_memory_*_bytes                       40  15 constant (totals), 25 random walks in 4 KiB pages
 * node_filesystem_*{device,mountpoint}      35  size, files, readonly, device_error constant;
 *                                               free, avail (4 KiB blocks) and files_free walk slowly
 * node_network_*_total{device}              48  bytes and packets counters move (lo, eth0, docker0);
 *                                               errs, drop, fifo, frame, ... stay 0 but for rare errors
 * node_disk_*{device}                       34  completed ops, bytes (512-byte sectors), time in
 *                                               seconds (3 decimals), io_now; discards stay 0
 * node_load1, node_load5, node_load15        3  2 decimals, damped like the kernel's averages
 * node_context_switches_total, node_intr_total, node_forks_total    3  integer counters
 * node_procs_running, node_procs_blocked     2  small integer gauges
 * node_netstat_*                            30  integer counters, half of them idle
 * node_sockstat_*                           20  small integer gauges that rarely change
 * node_vmstat_*                             10  page fault and paging counters move; swap, OOM and
 *                                               direct reclaim stay 0 on a healthy host
 * node_scrape_collector_duration_seconds{collector}  20  timings: integer nanoseconds / 1e9, as
 *                                               Go's Duration.Seconds() reports them, every scrape
 * node_scrape_collector_success{collector}  20  always 1
 * go_memstats_*_bytes, go_goroutines, ...   15  alloc/heap gauges move every scrape, the rest rarely
 * go_gc_duration_seconds{quantile}           5  GC pauses in nanoseconds / 1e9, changing after GCs
 * process_cpu_seconds_total                  1  2-decimal counter
 * node_time_seconds                          1  the scrape time with microseconds (a float)
 * node_boot_time_seconds, node_uname_info, node_os_info     3  constant
 * </pre>
 *
 * <h2>Time</h2>
 * Host {@code h} is scraped every {@code interval} at a fixed offset inside the interval (as
 * Prometheus spreads its targets), at {@code start + offset(h) + round × interval}. Prometheus
 * (2.x, {@code --scrape.timestamp-tolerance}) stores those exact times when the scrape starts
 * within 2 ms of them, so timestamps are regular but for 1% of scrapes that start 3 to 40 ms late.
 *
 * <h2>Determinism</h2>
 * Every random draw is a SplitMix64 hash of (seed, series, round, purpose): no {@code Random}, no
 * clock. Counters carry state from round to round, so rounds are generated in order from 0.
 */
public final class NodeExporterFleet {
    /** Series every host contributes. */
    public static final int SERIES_PER_HOST = 330;
    public static final String JOB = "node";

    private final int hosts;
    private final long intervalMillis;
    private final long startMillis;
    private final long seed;
    private final Kind[] kinds;           // per series of one host
    private final Labels[] hostTemplate;  // labels without instance, per series of one host
    private final long[] counters;        // integer state per series (counters, walks)
    private final double[] levels;        // float state per series (load averages)
    private int nextRound;

    /** Receives the samples of one scrape round. */
    @FunctionalInterface
    public interface ScrapeSink {
        void accept(int series, long timestamp, double value);
    }

    public NodeExporterFleet(int hosts, long intervalMillis, long startMillis, long seed) {
        if (hosts <= 0) {
            throw new IllegalArgumentException("hosts must be > 0 (got: " + hosts + ")");
        }
        if (intervalMillis < 1000) {
            throw new IllegalArgumentException("intervalMillis must be >= 1000 (got: " + intervalMillis + ")");
        }
        if ((long) hosts * SERIES_PER_HOST > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hosts must be <= " + Integer.MAX_VALUE / SERIES_PER_HOST + " (got: " + hosts + ")");
        }
        this.hosts = hosts;
        this.intervalMillis = intervalMillis;
        this.startMillis = startMillis;
        this.seed = seed;
        List<Kind> k = new ArrayList<>();
        List<Labels> l = new ArrayList<>();
        describeHost(k, l);
        if (k.size() != SERIES_PER_HOST) {
            throw new IllegalStateException("a host has " + k.size() + " series, not " + SERIES_PER_HOST);
        }
        this.kinds = k.toArray(new Kind[0]);
        this.hostTemplate = l.toArray(new Labels[0]);
        int n = hosts * SERIES_PER_HOST;
        this.counters = new long[n];
        this.levels = new double[n];
        for (int s = 0; s < n; s++) {
            counters[s] = initial(s);
            levels[s] = 0.5 + 3 * unit(s, -1, 7);
        }
    }

    /** The smallest fleet with at least {@code series} series. */
    public static NodeExporterFleet ofSeries(int series, long intervalMillis, long startMillis, long seed) {
        if (series <= 0) {
            throw new IllegalArgumentException("series must be > 0 (got: " + series + ")");
        }
        return new NodeExporterFleet((series + SERIES_PER_HOST - 1) / SERIES_PER_HOST, intervalMillis, startMillis, seed);
    }

    public int hosts() {
        return hosts;
    }

    public int seriesCount() {
        return hosts * SERIES_PER_HOST;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    public long startMillis() {
        return startMillis;
    }

    public Labels labels(int series) {
        checkSeries(series);
        int host = series / SERIES_PER_HOST;
        return hostTemplate[series % SERIES_PER_HOST].toBuilder()
                .set("instance", String.format("host-%05d:9100", host))
                .build();
    }

    /** When host {@code host} is scraped in {@code round}. */
    public long timestamp(int host, int round) {
        long offset = Long.remainderUnsigned(mix(seed ^ 0x5CA1AB1EL, host, 0, 0), intervalMillis);
        long t = startMillis + offset + (long) round * intervalMillis;
        if (Long.remainderUnsigned(mix(seed, host, round, 1), 100) == 0) {
            t += 3 + Long.remainderUnsigned(mix(seed, host, round, 2), 38);
        }
        return t;
    }

    /** The last timestamp of round {@code round}: a clock at or past it has seen the whole round. */
    public long roundEnd(int round) {
        return startMillis + (long) (round + 1) * intervalMillis + 40;
    }

    /**
     * Produces every series' sample of the next round, in series order.
     *
     * @throws IllegalStateException if {@code round} is not the round after the last one
     */
    public void scrape(int round, ScrapeSink sink) {
        requireNonNull(sink, "sink is null");
        if (round != nextRound) {
            throw new IllegalStateException("rounds are generated in order: expected round " + nextRound + ", got " + round);
        }
        int s = 0;
        for (int host = 0; host < hosts; host++) {
            long t = timestamp(host, round);
            for (int i = 0; i < SERIES_PER_HOST; i++, s++) {
                sink.accept(s, t, next(s, kinds[i], round, t));
            }
        }
        nextRound++;
    }

    private double next(int s, Kind kind, int round, long t) {
        return switch (kind) {
            case ZERO -> 0;
            case ONE -> 1;
            case CONSTANT_BYTES -> counters[s];
            case CPU_IDLE -> counters[s] += cpuTicks(s, round, 0.80);
            case CPU_BUSY -> counters[s] += cpuTicks(s, round, 0.12);
            case CPU_QUIET -> counters[s] += chance(s, round, 0.3) ? 1 + (long) (3 * unit(s, round, 3)) : 0;
            case PAGES_WALK -> walk(s, round, 4096, 40, 0.8);
            case BLOCKS_WALK -> walk(s, round, 4096, 200, 0.3);
            case SMALL_WALK -> walk(s, round, 1, 3, 0.2);
            case BYTES_COUNTER -> counters[s] += burst(s, round, 2_000_000);
            case PACKETS_COUNTER -> counters[s] += burst(s, round, 2_000);
            case RARE_COUNTER -> counters[s] += chance(s, round, 0.002) ? 1 : 0;
            case SECTOR_BYTES -> counters[s] += 512 * burst(s, round, 400);
            case OPS_COUNTER -> counters[s] += burst(s, round, 30);
            case MILLIS_COUNTER -> counters[s] += burst(s, round, 800);
            case BIG_COUNTER -> counters[s] += burst(s, round, 50_000);
            case IDLE_COUNTER -> counters[s] += chance(s, round, 0.05) ? burst(s, round, 5) : 0;
            case LOAD -> {
                double busy = 4 * unit(s, round, 4) * unit(s, round / 30, 5);
                levels[s] = levels[s] * kind.mean + busy * (1 - kind.mean);
                yield Math.round(levels[s] * 100) / 100.0;
            }
            case DURATION -> (50_000 + (long) (5_000_000 * unit(s, round, 6) * unit(s, -2, 8))) / 1e9;
            case GC_PAUSE -> {
                if (round == 0 || chance(s, round, 0.3)) {
                    counters[s] = 20_000 + (long) (2_000_000 * unit(s, round, 6));
                }
                yield counters[s] / 1e9;
            }
            case MEMSTAT_QUIET -> counters[s] += chance(s, round, 0.05) ? 8192 * (long) (1 + 16 * unit(s, round, 9)) : 0;
            case MEMSTAT -> counters[s] += (long) ((unit(s, round, 9) - 0.45) * 300_000);
            case GOROUTINES -> walk(s, round, 1, 2, 0.5);
            case TIME -> t / 1000.0 + (1 + Long.remainderUnsigned(mix(seed, s, round, 10), 999)) / 1_000_000.0;
        } / kind.divisor;
    }

    private long intervalTicks() {
        return intervalMillis / 10;
    }

    /** CPU ticks (1/100 s) a mode accrues in one interval, a share {@code share} of the time, with noise. */
    private long cpuTicks(int s, int round, double share) {
        double busy = share * (0.5 + unit(s, round, 11));
        return Math.max(0, Math.round(intervalTicks() * Math.min(1, busy)));
    }

    /** A random walk in steps of {@code quantum}, moving with probability {@code p}, at most {@code steps} quanta. */
    private long walk(int s, int round, long quantum, int steps, double p) {
        if (chance(s, round, p)) {
            long step = (long) Math.floor((unit(s, round, 12) - 0.5) * 2 * steps);
            counters[s] = Math.max(quantum, counters[s] + step * quantum);
        }
        return counters[s];
    }

    /** A counter increment around {@code mean} per interval whose rate changes in phases of ~5 minutes. */
    private long burst(int s, int round, long mean) {
        double phase = 0.2 + 1.8 * unit(s, round / 30, 13);
        return (long) (mean * phase * (0.7 + 0.6 * unit(s, round, 14)));
    }

    private boolean chance(int s, int round, double p) {
        return unit(s, round, 15) < p;
    }

    private long initial(int s) {
        Kind kind = kinds[s % SERIES_PER_HOST];
        long r = Long.remainderUnsigned(mix(seed, s, -3, 16), 1L << 40);
        return switch (kind) {
            case CONSTANT_BYTES -> (8L << 30) * (1 + r % 4);
            case PAGES_WALK, BLOCKS_WALK -> 4096 * (1_000_000 + r % 3_000_000);
            case SMALL_WALK, GOROUTINES -> 5 + r % 50;
            case MEMSTAT -> 20_000_000 + r % 40_000_000;
            case MEMSTAT_QUIET -> 1_000_000 + r % 40_000_000;
            case ZERO, ONE, LOAD, DURATION, GC_PAUSE, TIME, RARE_COUNTER -> 0;
            default -> r % 10_000_000_000L;
        };
    }

    /** A uniform double in [0, 1) for (series, round, purpose). */
    private double unit(int s, int round, int purpose) {
        return (mix(seed, s, round, purpose) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long seed, long a, long b, long c) {
        long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xC2B2AE3D27D4EB4FL * (b + 7) + 0x165667B19E3779F9L * (c + 13);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void checkSeries(int series) {
        if (series < 0 || series >= seriesCount()) {
            throw new IndexOutOfBoundsException("series " + series + " of " + seriesCount());
        }
    }

    /** How a series' values evolve; {@code divisor} scales integer state to the reported unit. */
    private enum Kind {
        ZERO(1, 0),
        ONE(1, 0),
        CONSTANT_BYTES(1, 0),
        CPU_IDLE(100, 0),
        CPU_BUSY(100, 0),
        CPU_QUIET(100, 0),
        PAGES_WALK(1, 0),
        BLOCKS_WALK(1, 0),
        SMALL_WALK(1, 0),
        BYTES_COUNTER(1, 0),
        PACKETS_COUNTER(1, 0),
        RARE_COUNTER(1, 0),
        SECTOR_BYTES(1, 0),
        OPS_COUNTER(1, 0),
        MILLIS_COUNTER(1000, 0),
        BIG_COUNTER(1, 0),
        IDLE_COUNTER(1, 0),
        LOAD(1, 0.92),
        DURATION(1, 0),
        GC_PAUSE(1, 0),
        MEMSTAT(1, 0),
        MEMSTAT_QUIET(1, 0),
        GOROUTINES(1, 0),
        TIME(1, 0);

        final double divisor;
        final double mean;

        Kind(double divisor, double mean) {
            this.divisor = divisor;
            this.mean = mean;
        }
    }

    private static void describeHost(List<Kind> kinds, List<Labels> labels) {
        String[] cpuModes = {"idle", "user", "system", "iowait", "irq", "softirq", "nice", "steal"};
        for (int cpu = 0; cpu < 4; cpu++) {
            for (String mode : cpuModes) {
                Kind k = switch (mode) {
                    case "idle" -> Kind.CPU_IDLE;
                    case "user", "system" -> Kind.CPU_BUSY;
                    case "iowait", "irq", "softirq" -> Kind.CPU_QUIET;
                    default -> Kind.ZERO;
                };
                add(kinds, labels, k, "node_cpu_seconds_total", "cpu", Integer.toString(cpu), "mode", mode);
            }
        }
        for (int cpu = 0; cpu < 4; cpu++) {
            for (String mode : new String[] {"nice", "user"}) {
                add(kinds, labels, Kind.ZERO, "node_cpu_guest_seconds_total", "cpu", Integer.toString(cpu), "mode", mode);
            }
        }
        String[] memConstant = {"MemTotal", "SwapTotal", "HugePages_Total", "Hugepagesize", "VmallocTotal", "CommitLimit",
            "DirectMap4k", "DirectMap2M", "DirectMap1G", "HardwareCorrupted", "HugePages_Free", "HugePages_Rsvd",
            "HugePages_Surp", "SwapFree", "SwapCached"};
        for (String m : memConstant) {
            add(kinds, labels, Kind.CONSTANT_BYTES, "node_memory_" + m + "_bytes");
        }
        String[] memMoving = {"MemFree", "MemAvailable", "Buffers", "Cached", "Active", "Inactive", "Active_anon",
            "Inactive_anon", "Active_file", "Inactive_file", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem",
            "Slab", "SReclaimable", "SUnreclaim", "KernelStack", "PageTables", "Committed_AS", "VmallocUsed", "AnonHugePages",
            "Mlocked", "Percpu"};
        for (String m : memMoving) {
            add(kinds, labels, Kind.PAGES_WALK, "node_memory_" + m + "_bytes");
        }
        String[][] filesystems = {{"/dev/sda1", "/"}, {"/dev/sda2", "/boot"}, {"/dev/sdb1", "/var/lib/data"},
            {"tmpfs", "/run"}, {"tmpfs", "/dev/shm"}};
        for (String[] fs : filesystems) {
            add(kinds, labels, Kind.CONSTANT_BYTES, "node_filesystem_size_bytes", "device", fs[0], "fstype", "ext4", "mountpoint", fs[1]);
            add(kinds, labels, Kind.BLOCKS_WALK, "node_filesystem_free_bytes", "device", fs[0], "fstype", "ext4", "mountpoint", fs[1]);
            add(kinds, labels, Kind.BLOCKS_WALK, "node_filesystem_avail_bytes", "device", fs[0], "fstype", "ext4", "mountpoint", fs[1]);
            add(kinds, labels, Kind.CONSTANT_BYTES, "node_filesystem_files", "device", fs[0], "fstype", "ext4", "mountpoint", fs[1]);
            add(kinds, labels, Kind.SMALL_WALK, "node_filesystem_files_free", "device", fs[0], "fstype", "ext4", "mountpoint", fs[1]);
            add(kinds, labels, Kind.ZERO, "node_filesystem_readonly", "device", fs[0], "fstype", "ext4", "mountpoint", fs[1]);
            add(kinds, labels, Kind.ZERO, "node_filesystem_device_error", "device", fs[0], "fstype", "ext4", "mountpoint", fs[1]);
        }
        String[] quietNet = {"errs", "drop", "fifo", "frame", "compressed", "multicast"};
        for (String device : new String[] {"lo", "eth0", "docker0"}) {
            for (String dir : new String[] {"receive", "transmit"}) {
                add(kinds, labels, Kind.BYTES_COUNTER, "node_network_" + dir + "_bytes_total", "device", device);
                add(kinds, labels, Kind.PACKETS_COUNTER, "node_network_" + dir + "_packets_total", "device", device);
                for (String q : quietNet) {
                    add(kinds, labels, Kind.RARE_COUNTER, "node_network_" + dir + "_" + q + "_total", "device", device);
                }
            }
        }
        for (String device : new String[] {"sda", "sdb"}) {
            add(kinds, labels, Kind.OPS_COUNTER, "node_disk_reads_completed_total", "device", device);
            add(kinds, labels, Kind.OPS_COUNTER, "node_disk_writes_completed_total", "device", device);
            add(kinds, labels, Kind.OPS_COUNTER, "node_disk_reads_merged_total", "device", device);
            add(kinds, labels, Kind.OPS_COUNTER, "node_disk_writes_merged_total", "device", device);
            add(kinds, labels, Kind.SECTOR_BYTES, "node_disk_read_bytes_total", "device", device);
            add(kinds, labels, Kind.SECTOR_BYTES, "node_disk_written_bytes_total", "device", device);
            add(kinds, labels, Kind.MILLIS_COUNTER, "node_disk_read_time_seconds_total", "device", device);
            add(kinds, labels, Kind.MILLIS_COUNTER, "node_disk_write_time_seconds_total", "device", device);
            add(kinds, labels, Kind.MILLIS_COUNTER, "node_disk_io_time_seconds_total", "device", device);
            add(kinds, labels, Kind.MILLIS_COUNTER, "node_disk_io_time_weighted_seconds_total", "device", device);
            add(kinds, labels, Kind.SMALL_WALK, "node_disk_io_now", "device", device);
            add(kinds, labels, Kind.ZERO, "node_disk_discards_completed_total", "device", device);
            add(kinds, labels, Kind.ZERO, "node_disk_discards_merged_total", "device", device);
            add(kinds, labels, Kind.ZERO, "node_disk_discarded_sectors_total", "device", device);
            add(kinds, labels, Kind.ZERO, "node_disk_discard_time_seconds_total", "device", device);
            add(kinds, labels, Kind.ZERO, "node_disk_flush_requests_total", "device", device);
            add(kinds, labels, Kind.ZERO, "node_disk_flush_requests_time_seconds_total", "device", device);
        }
        add(kinds, labels, Kind.LOAD, "node_load1");
        add(kinds, labels, Kind.LOAD, "node_load5");
        add(kinds, labels, Kind.LOAD, "node_load15");
        add(kinds, labels, Kind.BIG_COUNTER, "node_context_switches_total");
        add(kinds, labels, Kind.BIG_COUNTER, "node_intr_total");
        add(kinds, labels, Kind.OPS_COUNTER, "node_forks_total");
        add(kinds, labels, Kind.SMALL_WALK, "node_procs_running");
        add(kinds, labels, Kind.SMALL_WALK, "node_procs_blocked");
        for (int i = 0; i < 30; i++) {
            add(kinds, labels, i % 2 == 0 ? Kind.OPS_COUNTER : Kind.IDLE_COUNTER, "node_netstat_" + NETSTAT[i]);
        }
        for (int i = 0; i < 20; i++) {
            add(kinds, labels, Kind.SMALL_WALK, "node_sockstat_" + SOCKSTAT[i]);
        }
        for (int i = 0; i < 10; i++) {
            Kind k = switch (VMSTAT[i]) {
                case "pgfault", "pgpgin", "pgpgout" -> Kind.BIG_COUNTER;
                case "pgmajfault" -> Kind.OPS_COUNTER;
                case "workingset_refault_file" -> Kind.IDLE_COUNTER;
                default -> Kind.ZERO;
            };
            add(kinds, labels, k, "node_vmstat_" + VMSTAT[i]);
        }
        for (int i = 0; i < 20; i++) {
            add(kinds, labels, Kind.DURATION, "node_scrape_collector_duration_seconds", "collector", COLLECTORS[i]);
        }
        for (int i = 0; i < 20; i++) {
            add(kinds, labels, Kind.ONE, "node_scrape_collector_success", "collector", COLLECTORS[i]);
        }
        String[] memstats = {"alloc_bytes", "heap_alloc_bytes", "heap_idle_bytes", "heap_inuse_bytes", "heap_released_bytes",
            "heap_sys_bytes", "stack_inuse_bytes", "mspan_inuse_bytes", "mcache_inuse_bytes", "next_gc_bytes",
            "other_sys_bytes", "buck_hash_sys_bytes", "gc_sys_bytes"};
        for (String m : memstats) {
            boolean busy = m.startsWith("alloc") || m.startsWith("heap_alloc") || m.startsWith("heap_inuse")
                    || m.startsWith("heap_idle");
            add(kinds, labels, busy ? Kind.MEMSTAT : Kind.MEMSTAT_QUIET, "go_memstats_" + m);
        }
        add(kinds, labels, Kind.GOROUTINES, "go_goroutines");
        add(kinds, labels, Kind.GOROUTINES, "go_threads");
        for (String q : new String[] {"0", "0.25", "0.5", "0.75", "1"}) {
            add(kinds, labels, Kind.GC_PAUSE, "go_gc_duration_seconds", "quantile", q);
        }
        add(kinds, labels, Kind.CPU_QUIET, "process_cpu_seconds_total");
        add(kinds, labels, Kind.TIME, "node_time_seconds");
        add(kinds, labels, Kind.CONSTANT_BYTES, "node_boot_time_seconds");
        add(kinds, labels, Kind.ONE, "node_uname_info", "machine", "x86_64", "release", "6.1.0-13-amd64", "sysname", "Linux");
        add(kinds, labels, Kind.ONE, "node_os_info", "id", "debian", "version_id", "12");
    }

    private static void add(List<Kind> kinds, List<Labels> labels, Kind kind, String name, String... pairs) {
        Labels.Builder b = Labels.builder().set("__name__", name).set("job", JOB).set("instance", "");
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        kinds.add(kind);
        labels.add(b.build());
    }

    private static final String[] NETSTAT = {"Tcp_ActiveOpens", "Tcp_PassiveOpens", "Tcp_CurrEstab", "Tcp_InErrs", "Tcp_InSegs",
        "Tcp_OutRsts", "Tcp_OutSegs", "Tcp_RetransSegs", "Udp_InDatagrams", "Udp_InErrors", "Udp_NoPorts", "Udp_OutDatagrams",
        "Udp_RcvbufErrors", "Udp_SndbufErrors", "UdpLite_InErrors", "Icmp_InErrors", "Icmp_InMsgs", "Icmp_OutMsgs",
        "Icmp6_InErrors", "Icmp6_InMsgs", "Icmp6_OutMsgs", "Ip6_InOctets", "Ip6_OutOctets", "IpExt_InOctets",
        "IpExt_OutOctets", "Ip_Forwarding", "TcpExt_ListenDrops", "TcpExt_ListenOverflows", "TcpExt_SyncookiesFailed",
        "TcpExt_SyncookiesRecv"};
    private static final String[] SOCKSTAT = {"FRAG_inuse", "FRAG_memory", "RAW_inuse", "TCP_alloc", "TCP_inuse",
        "TCP_mem", "TCP_mem_bytes", "TCP_orphan", "TCP_tw", "UDPLITE_inuse", "UDP_inuse", "UDP_mem", "UDP_mem_bytes",
        "sockets_used", "FRAG6_inuse", "FRAG6_memory", "RAW6_inuse", "TCP6_inuse", "UDP6_inuse", "UDPLITE6_inuse"};
    private static final String[] VMSTAT = {"pgfault", "pgmajfault", "pgpgin", "pgpgout", "pswpin", "pswpout", "oom_kill",
        "pgscan_direct", "pgsteal_direct", "workingset_refault_file"};
    private static final String[] COLLECTORS = {"arp", "bcache", "bonding", "btrfs", "conntrack", "cpu", "cpufreq", "diskstats",
        "dmi", "edac", "entropy", "fibrechannel", "filefd", "filesystem", "hwmon", "infiniband", "ipvs", "loadavg",
        "mdadm", "meminfo"};
}
