package dev.moat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback port that refuses connections for as long as the test holds it: a client socket
 * bound to the port (without {@code SO_REUSEADDR}) and never connected nor listening. The kernel
 * answers a connect to it with a reset, so the caller sees "connection refused", and no other
 * socket of this or another process can bind the port, nor listen on it, until {@link #close()}.
 * Use it instead of closing a server and hoping its freed port stays free; {@link #reclaim} keeps
 * the port of a server that went away. {@code DeadPortTest} shows each of these claims.
 */
public final class DeadPort implements AutoCloseable {
    private final Socket socket;

    private DeadPort(Socket socket) {
        this.socket = socket;
    }

    /** A free port on 127.0.0.1, reserved. */
    public static DeadPort reserve() throws IOException {
        return reserve(InetAddress.getLoopbackAddress(), 0);
    }

    /**
     * {@code port} (0: a free one) on the loopback {@code address}, reserved; an
     * {@link IOException} naming the address when another socket holds it.
     */
    public static DeadPort reserve(InetAddress address, int port) throws IOException {
        var socket = new Socket();
        try {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, port));
            return new DeadPort(socket);
        } catch (IOException e) {
            socket.close();
            throw new IOException(address.getHostAddress() + ":" + port + " is held by another socket: " + e.getMessage(), e);
        }
    }

    /**
     * The port a server on {@code address} has just closed, reserved as soon as the server lets
     * go of it (a close may finish on another thread), retrying within {@code limit}; fails with
     * the last bind error if the port stays held (the server still listens, or another socket
     * took it first).
     */
    public static DeadPort reclaim(InetAddress address, int port, Duration limit) {
        var reserved = new AtomicReference<DeadPort>();
        Eventually.within(limit, () -> {
            try {
                reserved.set(reserve(address, port));
            } catch (IOException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        });
        return reserved.get();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public InetAddress address() {
        return socket.getLocalAddress();
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address(), port());
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
