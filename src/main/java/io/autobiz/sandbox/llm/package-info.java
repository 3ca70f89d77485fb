/**
 * The quick start's LLM: an OpenAI-compatible chat completions endpoint in the same JVM that answers AutoBiz's prompt
 * templates deterministically from the facts in the prompt, so the real client path (pinning, tokens, cost, trace)
 * runs offline. It understands only AutoBiz's templates and is no language model.
 */
package io.autobiz.sandbox.llm;
