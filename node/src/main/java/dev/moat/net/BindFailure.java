package dev.moat.net;

/**
 * A listener that could not bind, said in the system's words without the transport's prefix
 * (Netty's epoll says "bind(..) failed with error(-98): Address already in use", the JDK
 * "Address already in use"): "SMTP listener smtp cannot listen on 127.0.0.1 port 2525: Address
 * already in use".
 */
public final class BindFailure {
    private BindFailure() {
    }

    /** The failure of {@code listener} (such as "the admin server") to bind {@code address} and {@code port}. */
    public static IllegalStateException of(String listener, Object address, int port, Exception cause) {
        String message = cause.getMessage();
        String reason = message == null ? cause.getClass().getSimpleName()
                : message.substring(message.lastIndexOf(": ") + 1).strip();
        return new IllegalStateException(listener + " cannot listen on " + address + " port " + port + ": " + reason,
                cause);
    }
}
