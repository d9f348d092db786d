package dev.moat.smtp;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * An {@code EmbeddedChannel} whose peer is a socket address, as an accepted TCP connection's
 * is ({@code EmbeddedChannel}'s own peer is not an {@link InetSocketAddress}), so a handler
 * that judges the peer (the PROXY-protocol trust check) can be tested over it.
 */
final class PeerChannel extends EmbeddedChannel {
    private final InetSocketAddress peer;

    PeerChannel(InetSocketAddress peer) {
        this.peer = peer;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        // Called once from the constructor, before peer is set; null is not cached.
        return isActive() ? peer : null;
    }
}
