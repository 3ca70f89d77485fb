/**
 * Provider events after their signature was verified: stored once per provider event ID, for good, with the hash of
 * the exact payload. Nothing unverified ever reaches this package.
 */
package io.autobiz.inbox;
