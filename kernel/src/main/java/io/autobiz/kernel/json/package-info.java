/**
 * The kernel's one JSON toolkit: the shared {@link com.fasterxml.jackson.databind.ObjectMapper} configuration and
 * small helpers every step uses. There is exactly one of each helper in AutoBiz; adapters use these rather than
 * writing their own.
 */
package io.autobiz.kernel.json;
