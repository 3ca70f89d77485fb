/**
 * Database start-up: Flyway owns every table, the engine's included, and runs before the engine starts, so the
 * application's login role never needs to create anything.
 */
package io.autobiz.app.db;
