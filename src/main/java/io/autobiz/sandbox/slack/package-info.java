/**
 * A stand-in for Slack's {@code chat.postMessage} (form-encoded, bearer bot token, Slack's {@code ok}/{@code error}
 * envelope), so approval messages of the quick start can be seen under {@code /sandbox}. It never calls Slack.
 */
package io.autobiz.sandbox.slack;
