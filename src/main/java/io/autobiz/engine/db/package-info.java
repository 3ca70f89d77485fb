/**
 * Database start-up: Flyway owns every table, the engine's included, and runs before the engine starts, so the
 * application's login role never needs to create anything; and it must own nothing, which
 * {@link io.autobiz.engine.db.DatabaseRoleGuard} checks before anything else runs.
 */
package io.autobiz.engine.db;
