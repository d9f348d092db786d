package dev.moat.smtp;

import dev.moat.net.IpAddress;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every session event as a line of text, for assertions. */
final class RecordingEvents implements SessionEvents {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void protocolError(IpAddress client, ProtocolError error, String ref) {
        events.add("protocol-error " + client + " " + error);
    }

    @Override
    public void loginFailed(IpAddress client, String user, String ref) {
        events.add("login-failed " + client + " " + user);
    }

    @Override
    public void spamTrap(IpAddress client, String ref) {
        events.add("spam-trap " + client);
    }

    @Override
    public void loginSucceeded(IpAddress client, String user, String ref) {
        events.add("login-succeeded " + client + " " + user);
    }
}
