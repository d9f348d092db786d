package dev.moat.policy;

import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.net.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * The facts of a connection refused before its session began (the connection limits): only its
 * reference and client address are known, at the CONNECT stage. It was not classified; it reads
 * as a Stranger, the status every address has until a list says otherwise.
 */
record UnopenedSession(String sessionReference, IpAddress clientAddress) implements CheckContext {
    private static final Classification UNCLASSIFIED = new Classification(AddressStatus.STRANGER, new Reason.Unlisted(),
            AddressPrefix.NONE, false, Optional.empty());

    @Override
    public Stage stage() {
        return Stage.CONNECT;
    }

    @Override
    public Classification classification() {
        return UNCLASSIFIED;
    }

    @Override
    public Optional<String> heloName() {
        return Optional.empty();
    }

    @Override
    public Optional<String> authenticatedUser() {
        return Optional.empty();
    }

    @Override
    public Optional<MailPath> sender() {
        return Optional.empty();
    }

    @Override
    public Optional<Recipient> recipient() {
        return Optional.empty();
    }

    @Override
    public List<Recipient> recipients() {
        return List.of();
    }

    @Override
    public Optional<MessageFacts> message() {
        return Optional.empty();
    }
}
