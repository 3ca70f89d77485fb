/**
 * Per-store hash chains over append-only evidence rows (issue 22): the credential audit trail and security incidents
 * are chained as receipts are, so a row removed or rewritten by the database owner is found where it was.
 */
package io.autobiz.kernel.chain;
