package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.policy.Stage;
import dev.moat.router.ReturnPathCheck;
import dev.moat.router.Router;
import dev.moat.router.RouterTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Return-Path verification by the Router at MAIL FROM. */
class ReturnPathDialogueTest {
    private static final String SETTINGS = """
            local-domains: [mydomain.example]
            router: |
              spammer.example = error
              <*@spammer2.example> = error
              <promo*@company.example> = error No promotions, please
            """;

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Dialogue mailFrom(String path) {
        var f = new Fixture(SETTINGS);
        f.withChecks(Stage.MAIL, new ReturnPathCheck(f.settings.router()));
        d = f.connect("192.0.2.7");
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        return d.send("MAIL FROM:" + path);
    }

    @Test
    void aReturnPathInADomainRoutedToErrorIsRefused() {
        mailFrom("<anyone@spammer.example>").expect("553 5.7.1 Sender address rejected (ref ");
    }

    @Test
    void everyAddressOfADomainRoutedToErrorIsRefused() {
        mailFrom("<x@SPAMMER2.example>").expect("553 5.7.1 ");
    }

    @Test
    void promoLocalPartsAreRefusedWithTheRecordsText() {
        mailFrom("<promo-spring@company.example>").expect("553 5.7.1 No promotions, please");
    }

    @Test
    void otherAddressesOfThatDomainPass() {
        mailFrom("<sales@company.example>").expect("250 2.1.0 ");
    }

    @Test
    void theNullReturnPathPasses() {
        mailFrom("<>").expect("250 2.1.0 ");
    }

    @Test
    void aReturnPathWithoutADomainIsRefused() {
        mailFrom("<postmaster>").expect("553 5.1.7 ");
    }

    @Test
    void theSenderMayTryAgainAfterARefusal() {
        mailFrom("<x@spammer.example>").expect("553 ");
        d.send("MAIL FROM:<x@good.example>").expect("250 2.1.0 ");
    }

    @Test
    void localAndRewrittenAddressesAreKnownToTheRouterAndSkipDns() {
        var table = RouterTable.parse("<sales@partner.example> = sales@partner2.example", "server").table();
        var router = new Router(table, "mydomain.example"::equals);

        assertTrue(ReturnPathCheck.knownToTheRouter(router.route("alice@mydomain.example")));
        assertTrue(ReturnPathCheck.knownToTheRouter(router.route("sales@partner.example")));
        assertFalse(ReturnPathCheck.knownToTheRouter(router.route("someone@elsewhere.example")));
    }
}
