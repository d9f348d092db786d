package dev.moat.policy;

import dev.moat.net.AddressSet;

/**
 * The compiled address lists the {@link AddressClassifier} reads, handed to it by the settings
 * snapshot: each list of {@link AddressListKind}, one set of every address any list holds
 * (most connections come from addresses in none, which one lookup tells), and the DNS-name
 * lists of {@link NameListKind}.
 */
public interface StatusLists {

    AddressList list(AddressListKind kind);

    AddressSet listedAnywhere();

    NameList names(NameListKind kind);
}
