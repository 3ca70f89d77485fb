/**
 * The application's face: start-up, typed configuration and the wiring of kernel, engine and adapters. Classes here
 * construct things and connect them; they hold no business rules.
 */
package io.autobiz.app;
