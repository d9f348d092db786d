/**
 * Every meter Moat registers, declared once in {@link dev.moat.metrics.MoatMetrics} with its
 * name and bounded tags (never an address or a sender); the README lists them. The registry is
 * Micrometer's Prometheus registry, scraped at {@code /metrics}.
 */
package dev.moat.metrics;
