package io.autobiz.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load beside every figure: the 1/5/15-minute load averages and the number of processors. */
public final class MachineLoad {

    private MachineLoad() {}

    /** "load 7.52 6.10 4.33, 2 cpus" (Linux's /proc/loadavg; elsewhere the JVM's one-minute average). */
    public static String now() {
        int cpus = Runtime.getRuntime().availableProcessors();
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load " + fields[0] + " " + fields[1] + " " + fields[2] + ", " + cpus + " cpus";
        } catch (IOException | RuntimeException e) {
            double average = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage();
            return String.format("load %.2f, %d cpus", average, cpus);
        }
    }
}
