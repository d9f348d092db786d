package dev.moat.dns;

import dev.moat.net.IpAddress;

/** The test DNS server for tests outside this package: zones that list addresses, and zones that never answer. */
public final class TestDnsServerAccess implements AutoCloseable {
    private final TestDnsServer server;

    public TestDnsServerAccess() throws Exception {
        server = new TestDnsServer();
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

    public void silent(String zone) {
        server.neverAnswer(zone);
    }

    /** Queries received so far. */
    public int total() {
        return server.total();
    }

    @Override
    public void close() {
        server.close();
    }
}
