package dev.moat.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A real DNS server on {@code 127.0.0.1:0} for tests, on dnsjava's wire format: it answers
 * from the records a test adds (any type, TXT with several strings), follows CNAMEs within its
 * records (a loop is SERVFAIL), answers NXDOMAIN (with an SOA for the negative TTL) for other
 * names and NODATA for names that exist without the type asked, drops every query under a
 * zone that "never answers" and the queries of a name that "times out" for the types it holds
 * no record of, answers SERVFAIL under another zone, and counts every query it receives by name.
 */
final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> timingOut = ConcurrentHashMap.newKeySet();
    private final Set<String> existing = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger total = new AtomicInteger();
    volatile long negativeTtl = 300;

    TestDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** An A record {@code name} → {@code address} with {@code ttl}. */
    TestDnsServer a(String name, String address, long ttl) throws IOException {
        return add(new ARecord(Name.fromString(absolute(name)), DClass.IN, ttl, InetAddress.getByName(address)));
    }

    TestDnsServer txt(String name, String text) throws IOException {
        return add(new TXTRecord(Name.fromString(absolute(name)), DClass.IN, 300, text));
    }

    TestDnsServer add(Record record) {
        records.computeIfAbsent(key(record.getName().toString(), record.getType()), k -> new CopyOnWriteArrayList<>())
                .add(record);
        return this;
    }

    /** A TXT record of several strings, as one record (RFC 7208 3.3: joined without spaces). */
    TestDnsServer txt(String name, List<String> strings) throws IOException {
        return add(new TXTRecord(Name.fromString(absolute(name)), DClass.IN, 300, strings));
    }

    /** {@code name} exists (NODATA rather than NXDOMAIN for the types it holds no record of). */
    TestDnsServer exists(String name) {
        existing.add(absolute(name).toLowerCase(Locale.ROOT));
        return this;
    }

    /** Queries for {@code name} itself of a type it holds no record of are dropped: they time out. */
    TestDnsServer timesOut(String name) {
        timingOut.add(absolute(name).toLowerCase(Locale.ROOT));
        return this;
    }

    /** Every query for a name under {@code zone} is dropped: the zone never answers. */
    TestDnsServer neverAnswer(String zone) {
        silent.add(absolute(zone).toLowerCase(Locale.ROOT));
        return this;
    }

    /** Every query under {@code zone} gets SERVFAIL. */
    TestDnsServer serverFailure(String zone) {
        failing.add(absolute(zone).toLowerCase(Locale.ROOT));
        return this;
    }

    /** How many queries for {@code name} (any type) arrived. */
    int asked(String name) {
        AtomicInteger n = asked.get(absolute(name).toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    int total() {
        return total.get();
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] data = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                Message reply = answer(new Message(data));
                if (reply != null) {
                    byte[] out = reply.toWire();
                    socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Record question = query.getQuestion();
        String name = question.getName().toString().toLowerCase(Locale.ROOT);
        total.incrementAndGet();
        asked.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        queries.add(name + " " + Type.string(question.getType()));
        if (under(name, silent)) {
            return null;
        }
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(question, Section.QUESTION);
        if (under(name, failing)) {
            reply.getHeader().setRcode(Rcode.SERVFAIL);
            return reply;
        }
        int type = question.getType();
        List<Record> found = records.getOrDefault(key(name, type), List.of());
        String owner = name;
        Set<String> seen = new java.util.HashSet<>();
        while (found.isEmpty() && type != Type.CNAME && records.containsKey(key(owner, Type.CNAME))) {
            if (!seen.add(owner)) {
                reply.getHeader().setRcode(Rcode.SERVFAIL);
                return reply;
            }
            Record alias = records.get(key(owner, Type.CNAME)).get(0);
            reply.addRecord(alias, Section.ANSWER);
            owner = ((org.xbill.DNS.CNAMERecord) alias).getTarget().toString().toLowerCase(Locale.ROOT);
            found = records.getOrDefault(key(owner, type), List.of());
        }
        if (found.isEmpty() && timingOut.contains(owner)) {
            return null;
        }
        String asked = owner;
        boolean exists = found.size() > 0 || existing.contains(asked)
                || records.keySet().stream().anyMatch(k -> k.startsWith(asked + "|"));
        for (Record record : found) {
            reply.addRecord(record, Section.ANSWER);
        }
        if (found.isEmpty()) {
            reply.getHeader().setRcode(exists ? Rcode.NOERROR : Rcode.NXDOMAIN);
            reply.addRecord(new SOARecord(Name.root, DClass.IN, negativeTtl, Name.fromString("ns.test."),
                    Name.fromString("admin.test."), 1, 3600, 600, 86400, negativeTtl), Section.AUTHORITY);
        }
        return reply;
    }

    private static boolean under(String name, Set<String> zones) {
        for (String zone : zones) {
            if (name.equals(zone) || name.endsWith("." + zone)) {
                return true;
            }
        }
        return false;
    }

    private static String key(String name, int type) {
        return name.toLowerCase(Locale.ROOT) + "|" + type;
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
