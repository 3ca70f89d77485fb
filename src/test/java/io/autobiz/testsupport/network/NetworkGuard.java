package io.autobiz.testsupport.network;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Refuses, JVM-wide, every TCP connect to an address that is not loopback (or the wildcard address). It instruments
 * {@code sun.nio.ch.Net.connect}, the one place where both {@link java.net.Socket} (JDK 13+ runs it on NIO) and
 * {@link java.nio.channels.SocketChannel} (the JDK HTTP client, OkHttp's and Netty's NIO) reach the operating system,
 * so every HTTP client, JDBC driver and SDK in the JVM is covered. A SecurityManager would have done this before Java
 * 17; a {@link java.net.ProxySelector} or {@code SocketImplFactory} sees only some clients.
 *
 * <p>Installed once per test JVM by {@link NetworkGuardSession}. The refusal is a {@link java.net.ConnectException}
 * whose message names the guard and the address; the first refused address is also kept in the system property
 * {@value #BLOCKED_PROPERTY} so a test that swallowed the exception can still be caught.
 */
public final class NetworkGuard {

    public static final String BLOCKED_PROPERTY = "autobiz.test.network-guard.blocked";
    public static final String MESSAGE = "AutoBiz test network guard refused a connection to a non-loopback address";

    private static volatile boolean installed;

    private NetworkGuard() {}

    public static synchronized void install() {
        if (installed) {
            return;
        }
        Instrumentation instrumentation = ByteBuddyAgent.install();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .ignore(none())
                .type(named("sun.nio.ch.Net"))
                .transform((builder, type, classLoader, module, domain) ->
                        builder.visit(Advice.to(ConnectAdvice.class).on(nameStartsWith("connect"))))
                .installOn(instrumentation);
        installed = true;
    }

    public static boolean installed() {
        return installed;
    }

    /** Inlined into {@code sun.nio.ch.Net}: it may use only java.base types. */
    public static final class ConnectAdvice {

        private ConnectAdvice() {}

        @Advice.OnMethodEnter
        static void enter(@Advice.AllArguments Object[] arguments) throws java.io.IOException {
            for (Object argument : arguments) {
                if (argument instanceof java.net.InetAddress) {
                    java.net.InetAddress address = (java.net.InetAddress) argument;
                    if (!address.isLoopbackAddress() && !address.isAnyLocalAddress()) {
                        System.getProperties().putIfAbsent("autobiz.test.network-guard.blocked", address.toString());
                        throw new java.net.ConnectException(
                                "AutoBiz test network guard refused a connection to a non-loopback address: "
                                        + address);
                    }
                }
            }
        }
    }
}
