/**
 * What may be persisted or logged (INV-04, P1-TASK-11): an allowlist of fields kept as they are, masking of personal
 * data, and scanners for secrets and card numbers as defence in depth. A secret found here is never written: the
 * payload is rejected, the detection counted ({@code scanner_detection_total}) and alerted as an allowlist fault.
 */
package io.autobiz.kernel.redaction;
