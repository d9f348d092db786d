package dev.moat.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed-size Bloom filter of addresses and prefixes (an address with its prefix length), so
 * that a question asked on every connection, "may this list hold this address?", costs the same
 * however many entries the list holds: one read of one 64-bit word of a 1 MiB table, never a
 * string built, and no answer "no" that is wrong. Three bits of one word mark each key (a
 * register-blocked filter): with 100,000 keys about one question in 20,000 gets a false "maybe",
 * which the exact lookup behind it then answers. Keys cannot be taken out; the owner of the
 * filter builds a new one when too many keys it holds are gone. Thread-safe: keys are added with
 * an atomic OR, read with opaque loads.
 */
public final class AddressFilter {
    private static final int WORD_BITS = 17;
    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words = new long[1 << WORD_BITS];

    /** Marks {@code network} with {@code bits} of prefix (128 for an IPv6 or IPv4 address itself). */
    public void add(IpAddress network, int bits) {
        long hash = hash(network, bits);
        WORD.getAndBitwiseOr(words, index(hash), mask(hash));
    }

    /** Whether {@code network}/{@code bits} may have been added; false is certain. */
    public boolean mayHold(IpAddress network, int bits) {
        long hash = hash(network, bits);
        long mask = mask(hash);
        return ((long) WORD.getOpaque(words, index(hash)) & mask) == mask;
    }

    /**
     * Marks a key as the temporary lists write it: an address ({@code 192.0.2.7}, {@code 2001:db8::7},
     * as 128 bits) or a prefix ({@code 2001:db8:1:2::/64}, {@code 192.0.2.0/24}, by the prefix length of
     * its text: an IPv4 /24 is 120 of the 128 bits). Whether the key read as either.
     */
    public boolean addKey(String key) {
        int slash = key.indexOf('/');
        var address = IpAddress.tryParse(slash < 0 ? key : key.substring(0, slash));
        if (address.isEmpty()) {
            return false;
        }
        int bits = 128;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(key.substring(slash + 1)) + (address.get().isIpv4() ? 96 : 0);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        add(address.get(), bits);
        return true;
    }

    private static int index(long hash) {
        return (int) (hash >>> (64 - WORD_BITS));
    }

    private static long mask(long hash) {
        return 1L << (hash & 63) | 1L << ((hash >>> 6) & 63) | 1L << ((hash >>> 12) & 63);
    }

    /** MurmurHash3's 64-bit finalizer over the 128 bits and the prefix length. */
    private static long hash(IpAddress network, int bits) {
        long h = network.high() * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(network.low(), 31) ^ bits;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb53a27ab1a15L;
        h ^= h >>> 33;
        return h;
    }
}
