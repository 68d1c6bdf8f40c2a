package dev.meridian.storage.index;

import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Label sets shaped like a fleet of Prometheus node exporters: 100 series per instance, instance
 * by instance, as a head would number them when the targets are first scraped. Names: {@code
 * __name__} (16 metrics), {@code instance} (one per target), {@code job} (10), {@code cpu} (8),
 * {@code mode} (8), {@code device} (5 per kind), {@code mountpoint} and {@code fstype}.
 *
 * <p>Every string is a fresh copy, as if decoded from a remote-write request, so that an index
 * that keeps them is charged for them.
 */
final class NodeExporterSeries {
    static final int SERIES_PER_INSTANCE = 100;
    static final int JOBS = 10;
    static final List<String> MODES = List.of("idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user");
    static final List<String> DISKS = List.of("nvme0n1", "nvme1n1", "sda", "sdb", "dm-0");
    static final List<String> NICS = List.of("eth0", "eth1", "lo", "docker0", "bond0");
    static final List<String> MOUNTS = List.of("/", "/boot", "/var", "/home", "/data");

    private NodeExporterSeries() {}

    static String instance(int i) {
        return "10.0." + (i / 250) + "." + (i % 250) + ":9100";
    }

    static String job(int i) {
        return "node-" + (i % JOBS);
    }

    /** The series of {@code instances} instances, 100 each. */
    static List<Labels> fleet(int instances) {
        List<Labels> series = new ArrayList<>(instances * SERIES_PER_INSTANCE);
        for (int i = 0; i < instances; i++) {
            series.addAll(ofInstance(i));
        }
        return series;
    }

    /** The 100 series of instance {@code i}. */
    static List<Labels> ofInstance(int i) {
        List<Labels> series = new ArrayList<>(SERIES_PER_INSTANCE);
        String instance = instance(i);
        String job = job(i);
        for (int cpu = 0; cpu < 8; cpu++) {
            for (String mode : MODES) {
                series.add(of("__name__", "node_cpu_seconds_total", "instance", instance, "job", job,
                        "cpu", Integer.toString(cpu), "mode", mode));
            }
        }
        for (String metric : List.of("node_disk_read_bytes_total", "node_disk_written_bytes_total", "node_disk_io_time_seconds_total")) {
            for (String disk : DISKS) {
                series.add(of("__name__", metric, "instance", instance, "job", job, "device", disk));
            }
        }
        for (String metric : List.of("node_network_receive_bytes_total", "node_network_transmit_bytes_total")) {
            for (String nic : NICS) {
                series.add(of("__name__", metric, "instance", instance, "job", job, "device", nic));
            }
        }
        for (int m = 0; m < MOUNTS.size(); m++) {
            series.add(of("__name__", "node_filesystem_avail_bytes", "instance", instance, "job", job,
                    "device", DISKS.get(m), "mountpoint", MOUNTS.get(m), "fstype", m == 0 ? "ext4" : "xfs"));
        }
        for (String metric : List.of("node_load1", "node_load5", "node_load15", "node_memory_MemFree_bytes",
                "node_memory_MemTotal_bytes", "node_memory_Cached_bytes")) {
            series.add(of("__name__", metric, "instance", instance, "job", job));
        }
        return series;
    }

    private static Labels of(String... namesAndValues) {
        String[] copies = new String[namesAndValues.length];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = new String(namesAndValues[i].toCharArray());
        }
        return Labels.of(copies);
    }
}
