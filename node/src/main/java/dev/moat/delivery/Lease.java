package dev.moat.delivery;

import dev.moat.mail.Reply;

/** What the pool hands out: a ready connection, or the reply that says why there is none. */
record Lease(SmtpConnection connection, Reply refusal) {

    static Lease of(SmtpConnection connection) {
        return connection.isUsable() ? new Lease(connection, null) : refused(connection.failure());
    }

    static Lease refused(Reply refusal) {
        return new Lease(null, refusal);
    }

    boolean granted() {
        return connection != null;
    }
}
