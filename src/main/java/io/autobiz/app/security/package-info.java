/**
 * Who may log in: the first administrator outside the quick start, and the rules that keep default or guessable
 * passwords out of every profile but the quick start.
 */
package io.autobiz.app.security;
