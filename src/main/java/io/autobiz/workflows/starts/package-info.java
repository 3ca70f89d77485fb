/**
 * What an integration must send to start a workflow, declared once per workflow ({@code workflows/starts/*.json}):
 * the start message, the variables as a JSON Schema, an example. The same declarations check every start through
 * {@code /engine-rest} before the engine sees it and are what {@code docs/integrations.md} lists. Nothing here starts
 * a workflow itself or reads a provider.
 */
package io.autobiz.workflows.starts;
