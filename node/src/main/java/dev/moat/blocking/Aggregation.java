package dev.moat.blocking;

import dev.moat.net.IpAddress;
import dev.moat.settings.TemporaryBlockingSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Beyond the chapter, off by default ({@code temporary-blocking.aggregation}): when {@code
 * addresses} addresses of one IPv6 /64 (or of one IPv4 /24, with {@code ipv4}) have been
 * blocked within one Blocking Time, the whole prefix is blocked for the Blocking Time. The
 * blocks are counted per prefix in the cluster's windows, like events.
 */
final class Aggregation {
    /** Puts an entry on a list: {@link TemporaryBlocking#put}. */
    @FunctionalInterface
    interface Put {
        AddResult put(TemporaryList list, String key, String reason, java.time.Duration time, int limit, String tag,
                TemporaryBlocking.Cause cause);
    }

    private final TemporaryLists lists;
    private final Put put;
    private final LongSupplier clock;

    Aggregation(TemporaryLists lists, Put put, LongSupplier clock) {
        this.lists = lists;
        this.put = put;
        this.clock = clock;
    }

    /** {@code address} was just blocked: count it for its prefix, and block the prefix past the threshold. */
    CompletionStage<Void> blocked(TemporaryBlocking.Cause cause, TemporaryBlockingSettings rules) {
        IpAddress address = cause.client();
        var aggregation = rules.aggregation();
        if (!aggregation.enabled() || address.isIpv4() && !aggregation.ipv4()) {
            return CompletableFuture.completedFuture(null);
        }
        String prefix = Prefixes.of(address);
        return lists.count("prefix:" + prefix, clock.getAsLong(), rules.blockingTime(), aggregation.addresses())
                .thenAccept(count -> {
                    if (count >= aggregation.addresses()) {
                        put.put(TemporaryList.BLOCKED, prefix, count + " addresses of " + prefix + " blocked within "
                                + TemporaryBlocking.describe(rules.blockingTime()), rules.blockingTime(),
                                rules.blockedAddressesLimit(), "prefix", cause);
                    }
                });
    }
}
