/**
 * Slack through slack-api-client, with its methods endpoint configurable ({@code autobiz.slack.methods-url}), for the
 * approval messages. Slack types never leave this package; a user token ({@code xoxp-}) is refused by the sandbox
 * guard, only bot tokens post.
 */
package io.autobiz.tools.slack;
