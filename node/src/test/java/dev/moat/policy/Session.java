package dev.moat.policy;

import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import java.util.List;
import java.util.Optional;

/**
 * The facts of a session as a check sees them, for check tests without Netty: settings from
 * YAML, the client classified by the real classifier, and whatever stage, user and recipient
 * the test sets.
 */
record Session(Stage stage, IpAddress clientAddress, Classification classification, EffectiveSettings settings,
        Optional<String> authenticatedUser, Optional<Recipient> recipient) implements CheckContext {

    static Session at(Stage stage, String client, String serverYaml) {
        EffectiveSettings settings = EffectiveSettings.build(
                ServerSettings.parse(serverYaml, new HostFacts("mx.example.net")).value(), ClusterSettings.empty(), 0);
        IpAddress address = IpAddress.parse(client);
        return new Session(stage, address, new AddressClassifier(AddressSet.empty()).byLists(address, settings),
                settings, Optional.empty(), Optional.empty());
    }

    Session authenticatedAs(String user) {
        return new Session(stage, clientAddress, classification, settings, Optional.of(user), recipient);
    }

    Session judging(String recipientAddress) {
        return new Session(stage, clientAddress, classification, settings, authenticatedUser,
                Optional.of(new Recipient(MailPath.parse("<" + recipientAddress + ">", false).path(),
                        settings.router().route(recipientAddress))));
    }

    @Override
    public String sessionReference() {
        return "TESTREF000";
    }

    @Override
    public Optional<String> heloName() {
        return Optional.of("client.example");
    }

    @Override
    public Optional<MailPath> sender() {
        return Optional.of(MailPath.parse("<sender@remote.example>", true).path());
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
