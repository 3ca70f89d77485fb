/**
 * Real infrastructure for tests (docs/ci.md): each test context gets a fresh PostgreSQL database, migrated as the
 * owner role and used as the application role, so row-level security is exercised exactly as in production.
 * Shared with the application module through this module's test-jar.
 */
package io.autobiz.testsupport;
