package dev.moat.dns;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Record;

/**
 * What a DNS query came back with, as a value: the records of the type asked for, no such
 * name (NXDOMAIN), no data (the name exists without records of that type), no answer in time,
 * or a server failure (SERVFAIL, REFUSED, a malformed reply). Expected outcomes are never
 * exceptions. {@link #ttlSeconds()} is how long the answer may be kept: the records' lowest
 * TTL, or the negative TTL of RFC 2308 for the two negative answers, counted down while the
 * resolver's cache keeps it; failures are not kept.
 */
public sealed interface DnsAnswer {

    long ttlSeconds();

    /** The same answer with {@code ttl} seconds left to keep it (what the cache answers as time passes). */
    DnsAnswer withTtlSeconds(long ttl);

    /** The outcome as a metric tag and log word. */
    String outcome();

    record Records(List<Record> records, long ttlSeconds) implements DnsAnswer {
        public Records {
            records = List.copyOf(records);
        }

        @Override
        public DnsAnswer withTtlSeconds(long ttl) {
            return ttl == ttlSeconds ? this : new Records(records, ttl);
        }

        @Override
        public String outcome() {
            return "records";
        }
    }

    record NoSuchName(long ttlSeconds) implements DnsAnswer {
        @Override
        public DnsAnswer withTtlSeconds(long ttl) {
            return ttl == ttlSeconds ? this : new NoSuchName(ttl);
        }

        @Override
        public String outcome() {
            return "nxdomain";
        }
    }

    record NoData(long ttlSeconds) implements DnsAnswer {
        @Override
        public DnsAnswer withTtlSeconds(long ttl) {
            return ttl == ttlSeconds ? this : new NoData(ttl);
        }

        @Override
        public String outcome() {
            return "nodata";
        }
    }

    record Timeout() implements DnsAnswer {
        @Override
        public long ttlSeconds() {
            return 0;
        }

        @Override
        public DnsAnswer withTtlSeconds(long ttl) {
            return this;
        }

        @Override
        public String outcome() {
            return "timeout";
        }
    }

    /** The server answered with an error, or with something that is not a DNS reply. */
    record ServerFailure(String why) implements DnsAnswer {
        public ServerFailure {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public long ttlSeconds() {
            return 0;
        }

        @Override
        public DnsAnswer withTtlSeconds(long ttl) {
            return this;
        }

        @Override
        public String outcome() {
            return "servfail";
        }
    }
}
