/**
 * H2's triggers and functions for the quick start's database: the H2 counterparts of PostgreSQL's append-only and
 * transition triggers and retention functions.
 *
 * <p>These classes stay at this name while the rest of the old {@code app} package moved to the capability modules:
 * H2 calls them by class name, and that name is written into applied Flyway migrations (checksummed, so they cannot be
 * edited) and into the catalog of every existing quick-start database file. Nothing in the application calls them;
 * ModularityTest leaves this package out of the module model.
 */
package io.autobiz.app.db;
