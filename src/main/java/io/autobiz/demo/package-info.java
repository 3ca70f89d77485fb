/**
 * The quick start's demo store: its approver login and {@code POST /demo/orders}, which plays the storefront's
 * checkout against the sandbox providers and hands the paid order to WF01. Enabled only by
 * {@code autobiz.demo.enabled}, which only the quick-start profile sets.
 */
@ApplicationModule(
        displayName = "Demo",
        allowedDependencies = {
            "sandbox",
            "sandbox :: printful",
            "sandbox :: shopify",
            "sandbox :: stripe",
            "tenancy",
            "workflows"
        })
package io.autobiz.demo;

import org.springframework.modulith.ApplicationModule;
