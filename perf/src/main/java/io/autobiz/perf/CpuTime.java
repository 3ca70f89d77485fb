package io.autobiz.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds (user + system) from Linux's /proc: of one process, of every PostgreSQL server process, of this JVM and
 * of the whole machine, so a scenario can say which process a phase's CPU went to. Elsewhere every reading is -1.
 */
public final class CpuTime {

    private static final long CLOCK_TICKS = clockTicksPerSecond();

    private CpuTime() {}

    /** utime + stime of /proc/{pid}/stat, in seconds; -1 where it cannot be read (gone, or not Linux). */
    public static double ofProcess(long pid) {
        try {
            return ticksOf(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The summed CPU seconds of the processes named {@code postgres}: the server and its backends. A backend that
     * ended between two readings takes its seconds with it, so compare readings taken while the connections are open.
     */
    public static double ofPostgres() {
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        ticks += ticksOf(stat);
                    }
                } catch (IOException | RuntimeException gone) {
                    // The process ended while the directory was read.
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks / (double) CLOCK_TICKS;
    }

    /** Busy CPU seconds of the whole machine, summed over its processors (/proc/stat: all but idle and iowait). */
    public static double ofMachine() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            // guest and guest_nice (fields 9 and 10) are already counted in user and nice.
            if (fields.length > 10) {
                busy -= Long.parseLong(fields[9]) + Long.parseLong(fields[10]);
            }
            return busy / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This JVM's CPU seconds. */
    public static double ofThisJvm() {
        return ofProcess(ProcessHandle.current().pid());
    }

    /** After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15. */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** Readings of the nodes (summed), PostgreSQL, this JVM and the machine at one moment. */
    public record Snapshot(double node, double postgres, double harness, double machine) {

        /** With no node (a phase without the application), the node's reading is -1. */
        public static Snapshot take(long... nodePids) {
            double nodes = nodePids.length == 0 ? -1 : 0;
            for (long pid : nodePids) {
                nodes += ofProcess(pid);
            }
            return new Snapshot(nodes, ofPostgres(), ofThisJvm(), ofMachine());
        }

        /**
         * "CPU per 1000 deliveries: node 0.41 s, PostgreSQL 0.22 s, harness 0.30 s, rest of the machine 0.05 s;
         * machine busy 93 %" for what happened between {@code earlier} and this reading.
         */
        public String since(Snapshot earlier, int operations, double seconds, int cpus, String what) {
            double per = 1000.0 / operations;
            double node = node() - earlier.node();
            double postgres = postgres() - earlier.postgres();
            double harness = harness() - earlier.harness();
            double machine = machine() - earlier.machine();
            double rest = machine - Math.max(node, 0) - postgres - harness;
            String nodePart = node() < 0 ? "" : String.format("node %.2f s, ", node * per);
            return String.format(
                    "CPU per 1000 %s: %sPostgreSQL %.2f s, harness %.2f s, rest of the machine %.2f s;"
                            + " machine busy %.0f %% of %d cpus",
                    what, nodePart, postgres * per, harness * per, rest * per, 100 * machine / (seconds * cpus), cpus);
        }
    }
}
