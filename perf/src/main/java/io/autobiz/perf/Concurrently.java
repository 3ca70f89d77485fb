package io.autobiz.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs operations 0..count-1 from a fixed number of threads, each taking the next index, timing each one. */
final class Concurrently {

    /** One operation; throws when its answer is wrong, which fails the run. */
    interface Operation {
        void run(int worker, int index) throws Exception;
    }

    private Concurrently() {}

    static Latencies run(int threads, int count, Operation operation) throws Exception {
        Latencies latencies = new Latencies();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            latencies.start();
            for (int t = 0; t < threads; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        operation.run(worker, i);
                        latencies.record(System.nanoTime() - sent);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return latencies.stop();
        } finally {
            pool.shutdownNow();
        }
    }
}
