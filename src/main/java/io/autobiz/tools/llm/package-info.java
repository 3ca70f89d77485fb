/**
 * The LLM completion tool through openai-java, against any OpenAI-compatible server ({@code autobiz.llm.*}), with a
 * pinned model and prompt template, primary/fallback routing and a deterministic template provider when no LLM is
 * configured. OpenAI types never leave this package; prompts are never logged.
 */
package io.autobiz.tools.llm;
