/**
 * A stand-in for SendGrid's mail send endpoint: it records every mail and answers 200 in sandbox mode (validated, not
 * delivered) or 202 otherwise, as SendGrid does.
 */
package io.autobiz.sandbox.sendgrid;
