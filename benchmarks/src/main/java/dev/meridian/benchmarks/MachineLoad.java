package dev.meridian.benchmarks;

import java.lang.management.ManagementFactory;

/** The machine's load, which benchmark reports print next to their figures. */
public final class MachineLoad {
    private MachineLoad() {}

    /** The system load average over the last minute, or NaN where the platform has none. */
    public static double averageOverOneMinute() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }
}
