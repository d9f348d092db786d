package dev.moat.dns;

import dev.moat.net.IpAddress;

/** The test DNS server for tests outside this package: zones that list addresses, and zones that never answer. */
public final class TestDnsServerAccess implements AutoCloseable {
    private final TestDnsServer server;
    private final java.util.List<DnsResolver> resolvers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public TestDnsServerAccess() throws Exception {
        server = new TestDnsServer();
    }

    /** A resolver asking this server alone (200 ms, 2 tries), closed with it. */
    public DnsResolver resolver(dev.moat.metrics.MoatMetrics metrics) {
        var resolver = new DnsResolver(new DnsOptions(java.util.List.of(server.address()), java.time.Duration.ofMillis(200),
                2, 100), metrics);
        resolvers.add(resolver);
        return resolver;
    }

    public int port() {
        return server.address().getPort();
    }

    /** {@code zone} lists {@code client} with {@code answer} (and TXT {@code text} unless empty), and passes its test points. */
    public void listed(String zone, String client, String answer, String text) throws Exception {
        server.a("2.0.0.127." + zone, "127.0.0.2", 300);
        String name = IpAddress.parse(client).reversedLabels() + "." + zone;
        server.a(name, answer, 300);
        if (!text.isEmpty()) {
            server.txt(name, text);
        }
    }

    /** An MX record of {@code domain}: {@code host} at {@code priority} ({@code "."} for a null MX). */
    public void mx(String domain, int priority, String host) throws Exception {
        server.add(new org.xbill.DNS.MXRecord(org.xbill.DNS.Name.fromString(domain + "."), org.xbill.DNS.DClass.IN, 300,
                priority, host.equals(".") ? org.xbill.DNS.Name.root : org.xbill.DNS.Name.fromString(host + ".")));
    }

    /** An A record. */
    public void a(String name, String address) throws Exception {
        server.a(name, address, 300);
    }

    /** A TXT record. */
    public void txt(String name, String text) throws Exception {
        server.txt(name, text);
    }

    /** Every query under {@code zone} gets SERVFAIL. */
    public void failing(String zone) {
        server.serverFailure(zone);
    }

    public void silent(String zone) {
        server.neverAnswer(zone);
    }

    /** Queries received so far. */
    public int total() {
        return server.total();
    }

    @Override
    public void close() {
        resolvers.forEach(DnsResolver::close);
        server.close();
    }
}
