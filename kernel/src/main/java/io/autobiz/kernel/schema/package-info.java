/**
 * JSON Schema validation (draft-07, everit-json-schema) for tool inputs and outputs (INV-01). Schemas are compiled
 * once and validated many times; a violation names the JSON pointer of the offending value. Nothing here decides
 * what happens to an invalid call: the executor refuses it.
 */
package io.autobiz.kernel.schema;
