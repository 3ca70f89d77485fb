/**
 * The hygiene suite (P1-H01..H06, P1-TASK-28): checks over the repository's own files and profiles that no live key,
 * live endpoint or real recipient is configured anywhere, and that the sandboxes are on. It reads files; it must never
 * need a network or a running application.
 */
package io.autobiz.hygiene;
