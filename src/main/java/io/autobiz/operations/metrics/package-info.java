/**
 * What operators watch (issue 17): workflow outcomes by end event, the backlogs and queues a person has to work off
 * (HITL tasks, reconciliation, the event inbox), open incidents, invariant violations and cost per run, as Micrometer
 * meters on {@code /actuator/prometheus}. The dashboards in {@code ops/grafana} and the alert rules in
 * {@code ops/prometheus} query these names; {@code OperationsMetricsIT} checks every name they use against a scrape.
 * Labels are store IDs, workflow keys, task definition keys, statuses and codes only: never a customer, order or
 * secret name.
 */
package io.autobiz.operations.metrics;
