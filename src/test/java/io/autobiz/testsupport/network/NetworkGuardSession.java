package io.autobiz.testsupport.network;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the {@link NetworkGuard} when the JUnit Platform opens a session, before any test class is loaded;
 * registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}, so it runs in every
 * Surefire and Failsafe fork of this module without any test having to ask for it.
 */
public final class NetworkGuardSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NetworkGuard.install();
    }
}
