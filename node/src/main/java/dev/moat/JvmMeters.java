package dev.moat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The standard JVM and process meters (memory, GC, threads, CPU, uptime), with the two names
 * Prometheus's linter refuses put right: {@code process.cpu.time} (in nanoseconds, an
 * abbreviated unit; {@code process_cpu_usage} says the same) is left out, and {@code
 * system.cpu.count}, a gauge whose name ends like a histogram's count, is {@code system.cpu.cores}.
 */
final class JvmMeters {
    private JvmMeters() {
    }

    /**
     * Binds the meters to {@code registry}; closing what it returns removes the GC meters'
     * notification listener from the JVM's garbage collector beans, which otherwise keeps the
     * registry (and through its gauges the whole node) reachable after the node has stopped.
     */
    static JvmGcMetrics bind(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
            }
        });
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        var gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return gc;
    }
}
