package dev.moat.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of requests refused for want of the admin token: at most one WARN line per peer
 * address per minute, naming the peer, the request and why (no token, not a Bearer token, a
 * wrong token; never the token presented), and saying how many refusals from that peer the
 * minute before went unlogged, so a token-guessing client cannot flood the log but is still
 * seen. At most {@value #MAX_PEERS} peers are remembered; beyond that, the rest share one
 * line. Thread-safe.
 */
final class RefusalLog {
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_PEERS = 4096;
    private static final String OTHERS = "(other addresses)";
    private static final int MAX_PATH = 200;
    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private final LongSupplier nanoTime;
    private final Map<String, Peer> peers = new HashMap<>();

    /** When this peer's last line was written, and how many refusals were not logged since. */
    private static final class Peer {
        long loggedAt;
        int suppressed;
    }

    RefusalLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    RefusalLog() {
        this(System::nanoTime);
    }

    /** Records one refusal; logs it unless this peer had a line within the last minute. */
    void refused(String peer, String method, String path, String why) {
        long now = nanoTime.getAsLong();
        int suppressed;
        synchronized (this) {
            String key = peers.containsKey(peer) || room(now) ? peer : OTHERS;
            Peer state = peers.get(key);
            if (state != null && now - state.loggedAt < WINDOW.toNanos()) {
                state.suppressed++;
                return;
            }
            if (state == null) {
                state = new Peer();
                peers.put(key, state);
            }
            suppressed = state.suppressed;
            state.loggedAt = now;
            state.suppressed = 0;
        }
        String shown = path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "..." : path;
        if (suppressed == 0) {
            log.warn("Refused admin request {} {} from {}: {}", method, shown, peer, why);
        } else {
            log.warn("Refused admin request {} {} from {}: {} ({} more refused from there in the minute before, not logged)",
                    method, shown, peer, why, suppressed);
        }
    }

    /** Whether a new peer fits, after forgetting those whose minute is over (and their unlogged count). */
    private boolean room(long now) {
        if (peers.size() < MAX_PEERS) {
            return true;
        }
        peers.values().removeIf(p -> now - p.loggedAt >= WINDOW.toNanos());
        return peers.size() < MAX_PEERS;
    }
}
