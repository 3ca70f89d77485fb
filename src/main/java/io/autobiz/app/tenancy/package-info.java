/**
 * Stores as tenants: their rows, their Camunda tenant and approvers group, and where their secrets come from.
 */
package io.autobiz.app.tenancy;
