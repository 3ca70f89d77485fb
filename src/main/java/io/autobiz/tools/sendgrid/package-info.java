/**
 * Transactional mail through sendgrid-java, from the store's dynamic templates. Outside production every mail is
 * sent with SendGrid's {@code sandbox_mode}: validated, never delivered.
 */
package io.autobiz.tools.sendgrid;
