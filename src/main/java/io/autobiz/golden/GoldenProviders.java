package io.autobiz.golden;

import io.autobiz.kernel.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * The providers a golden case runs against, as {@link GoldenRunner} needs them: made to know one case run's order,
 * payment and Printful order, made to misbehave at a named call, and asked afterwards what they did. Two stand-ins
 * implement it: WireMock in the golden ITs ({@code WireMockProviders}, test code) and the application's own
 * in-process sandboxes in a golden run an administrator starts ({@link SandboxProviders}). Both play every case; a
 * stand-in that cannot be told what a case needs says so ({@link #cannotPlay}), and the case is reported as not played
 * instead of failed.
 */
interface GoldenProviders {

    /** The effects a case counts, by name ({@link GoldenCalls#EFFECTS}). */
    List<String> EFFECTS = List.copyOf(GoldenCalls.EFFECTS.keySet());

    /** Why these providers cannot play {@code golden} with {@code extraFaults}; empty when they can. */
    Optional<String> cannotPlay(GoldenCase golden, List<GoldenCase.Fault> extraFaults);

    /** Forgets the previous case run: its answers, faults and the calls it saw. */
    void reset();

    /** Makes the providers know case run {@code n}'s order, payment and Printful order as {@code given} says. */
    void prepare(TenantId store, long n, GoldenCase.Given given);

    /** {@code fault.call} misbehaves as the fault says, the first {@code fault.times} times. */
    void inject(GoldenCase.Fault fault, int index);

    /** Stripe shows payment {@code paymentIntent} as captured with {@code received}, {@code refunded} of it refunded. */
    void settled(TenantId store, String paymentIntent, long received, long refunded);

    /** How often {@code effect} (one of {@link #EFFECTS}) succeeded since {@link #reset}. */
    int count(String effect);

    /** What the providers saw since {@link #reset}, for a failed run: method, path, answer; no bodies (no PII). */
    String journal();
}
