package dev.meridian.storage.chunk;

import java.util.Random;

/**
 * Series shaped like what node exporter reports, each kind generated the way its values arise, so
 * the compression test measures the encodings on data with the same structure as real data.
 */
enum NodeExporterSeries {
    /**
     * {@code node_network_receive_bytes_total}: an integer counter with noisy increments whose
     * rate changes in phases (bursts and quiet spells) by up to 30x either way.
     */
    COUNTER_BYTES("integer counter (bytes, bursty)", true) {
        @Override
        double[] values(Random rnd, int n) {
            double[] v = new double[n];
            long total = (long) (rnd.nextDouble() * 1e12);
            double rate = Math.pow(10, 2 + rnd.nextDouble() * 4); // 100 B/s .. 1 MB/s
            for (int i = 0; i < n; i++) {
                v[i] = total;
                if (rnd.nextInt(20) == 0) {
                    rate = Math.min(1e7, Math.max(10, rate * Math.pow(10, rnd.nextDouble() * 3 - 1.5)));
                }
                total += (long) (rate * 15 * rnd.nextDouble() * 2);
            }
            return v;
        }
    },
    /** {@code node_network_receive_packets_total}: an integer counter with steadier increments. */
    COUNTER_PACKETS("integer counter (packets)", true) {
        @Override
        double[] values(Random rnd, int n) {
            double[] v = new double[n];
            long total = (long) (rnd.nextDouble() * 1e9);
            double rate = 1 + rnd.nextDouble() * 2000;
            for (int i = 0; i < n; i++) {
                v[i] = total;
                total += (long) (rate * 15 * (0.7 + 0.6 * rnd.nextDouble()));
            }
            return v;
        }
    },
    /** {@code node_cpu_seconds_total}: kernel ticks (1/100 s) over 100, so two decimals. */
    COUNTER_CPU_SECONDS("2-decimal counter (cpu seconds)", true) {
        @Override
        double[] values(Random rnd, int n) {
            double[] v = new double[n];
            long ticks = (long) (rnd.nextDouble() * 1e9);
            int mode = rnd.nextInt(4); // idle, user, system, iowait
            for (int i = 0; i < n; i++) {
                v[i] = ticks / 100.0;
                int busy = rnd.nextInt(150);
                ticks += switch (mode) {
                    case 0 -> 1500 - busy;
                    case 1 -> busy;
                    case 2 -> busy / 3;
                    default -> rnd.nextInt(4) == 0 ? rnd.nextInt(20) : 0;
                };
            }
            return v;
        }
    },
    /** {@code node_memory_MemAvailable_bytes}: kB from /proc/meminfo times 1024, wandering. */
    GAUGE_MEMORY_BYTES("integer gauge (memory bytes)", true) {
        @Override
        double[] values(Random rnd, int n) {
            double[] v = new double[n];
            long kb = 2_000_000 + (long) (rnd.nextDouble() * 30_000_000);
            for (int i = 0; i < n; i++) {
                v[i] = kb * 1024.0;
                kb = Math.max(100_000, kb + Math.round(rnd.nextGaussian() * 20_000));
            }
            return v;
        }
    },
    /** {@code node_memory_MemTotal_bytes}, {@code node_filesystem_size_bytes}, {@code up}: constant. */
    CONSTANT("constant", true) {
        @Override
        double[] values(Random rnd, int n) {
            double value = switch (rnd.nextInt(3)) {
                case 0 -> 1;
                case 1 -> (8L + rnd.nextInt(120)) << 30;
                default -> 4096.0 * rnd.nextInt(100_000_000);
            };
            double[] v = new double[n];
            java.util.Arrays.fill(v, value);
            return v;
        }
    },
    /** {@code node_load1}: two decimals as /proc/loadavg prints them, wandering. */
    GAUGE_LOAD("2-decimal gauge (load average)", true) {
        @Override
        double[] values(Random rnd, int n) {
            double[] v = new double[n];
            long hundredths = rnd.nextInt(400);
            for (int i = 0; i < n; i++) {
                v[i] = hundredths / 100.0;
                hundredths = Math.max(0, hundredths + Math.round(rnd.nextGaussian() * 15));
            }
            return v;
        }
    },
    /** Computed gauges (ratios, temperatures from sensors with scaling): full-precision floats. */
    FLOAT_WALK("float gauge, full precision", false) {
        @Override
        double[] values(Random rnd, int n) {
            double[] v = new double[n];
            double x = rnd.nextDouble() * 100;
            for (int i = 0; i < n; i++) {
                v[i] = x;
                x += rnd.nextGaussian();
            }
            return v;
        }
    },
    /** Uniformly random doubles: nothing to exploit. */
    FLOAT_RANDOM("random floats", false) {
        @Override
        double[] values(Random rnd, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextDouble() * 1000;
            }
            return v;
        }
    };

    private final String description;
    private final boolean intLike;

    NodeExporterSeries(String description, boolean intLike) {
        this.description = description;
        this.intLike = intLike;
    }

    String description() {
        return description;
    }

    /** Whether TSZ's int mode applies to the values. */
    boolean intLike() {
        return intLike;
    }

    abstract double[] values(Random rnd, int n);

    /** Timestamps 15 s apart, as an exact scrape schedule writes them. */
    static long[] regularTimestamps(Random rnd, int n) {
        long[] t = new long[n];
        long start = 1_700_000_000_000L + rnd.nextInt(15_000);
        for (int i = 0; i < n; i++) {
            t[i] = start + 15_000L * i;
        }
        return t;
    }

    /** Timestamps 15 s apart give or take a few milliseconds, as real scrapes are. */
    static long[] jitteredTimestamps(Random rnd, int n) {
        long[] t = regularTimestamps(rnd, n);
        for (int i = 1; i < n; i++) {
            t[i] += rnd.nextInt(9) - 4;
        }
        return t;
    }
}
