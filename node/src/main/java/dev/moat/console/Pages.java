package dev.moat.console;

import dev.moat.policy.AddressListKind;
import dev.moat.policy.NameListKind;
import java.util.List;

/**
 * Every page of the console in the order the navigation lists them, in one method, as
 * {@code Protections.assemble} lists the checks: a new area is one page class and one line here.
 */
final class Pages {

    private Pages() {
    }

    static List<ConsolePage> all() {
        return List.of(
                new ClusterPage(),
                AddressListPage.addresses(AddressListKind.CLIENT, "Clients may relay and are never Blacklisted (Denied still wins)."),
                AddressListPage.addresses(AddressListKind.LAN, "The LAN prefix of the address status."),
                AddressListPage.addresses(AddressListKind.DENIED, "Refused before the greeting with 554 5.7.1, then closed."),
                AddressListPage.addresses(AddressListKind.BLACKLISTED,
                        "Mail from these addresses is refused (or marked with a header, as the blacklisted-address processing says)."),
                AddressListPage.addresses(AddressListKind.WHITE_HOLE, "Never Blacklisted: no RBL or DNS-name list can blacklist them."),
                AddressListPage.addresses(AddressListKind.DEBUG, "Sessions from these addresses are logged command by command."),
                AddressListPage.names(NameListKind.CLIENT, "A verified reverse name matching a template makes the address a Client."),
                AddressListPage.names(NameListKind.BLACKLISTED, "A reverse name matching a template makes the address Blacklisted."),
                AddressListPage.names(NameListKind.WHITE_HOLE, "A verified reverse name matching a template makes the address a White Hole."),
                RblZonesPage.page(),
                TemporaryBlockingPage.page(),
                new TemporaryListsPage(),
                new ReturnPathPage(),
                ReverseConnectPage.page(),
                RouterPage.page(),
                BannedLinesPage.page("header", "Banned Header Lines",
                        "A message with a header field listed here is refused at the end of DATA (554 5.7.1)."),
                BannedLinesPage.page("body", "Banned Body Lines", "A message with a body line listed here is refused at the end of DATA (554 5.7.1)."),
                RulesPage.page(),
                new DirectoryPage(),
                new SmtpLimitsPage(),
                new DeliveryPage(),
                new DecisionsPage(),
                new WhyPage(),
                CheckModesPage.page());
    }
}
