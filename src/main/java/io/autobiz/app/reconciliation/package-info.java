/**
 * Wiring of reconciliation: the local truth read from AutoBiz's receipts, the schedule that runs the detector for every
 * store, and the admin API where operators see drift and decide financial repairs. It never repairs money by itself.
 */
package io.autobiz.app.reconciliation;
