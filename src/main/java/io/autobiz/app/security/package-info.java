/**
 * Who may log in: the first administrator outside the quick start, the rules that keep default or guessable
 * passwords out of every profile but the quick start, and the admin API's gate ({@code /admin/**}, administrators
 * only), which also records a non-administrator's reach for another store's resources as a security incident.
 */
package io.autobiz.app.security;
