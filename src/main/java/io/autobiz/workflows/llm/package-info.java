/**
 * The workflow steps that stand between an LLM's text and anything a customer or an operator sees: structured output
 * checked against a JSON schema, and a draft checked against the facts it was given. They call no tool and guess
 * nothing: an answer that fails a check is a BPMN error, and the diagram hands the case to a person.
 */
package io.autobiz.workflows.llm;
