package io.autobiz.tools;

import java.time.Duration;

/** How a tool waits out a provider's throttling; tests pass one that records the wait instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
