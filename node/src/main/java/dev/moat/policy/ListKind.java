package dev.moat.policy;

/** A list of the chapter that can decide an address's status: a network address list or a DNS-name list. */
public sealed interface ListKind permits AddressListKind, NameListKind {

    /** The key in the server-wide file and in the cluster-wide document. */
    String key();

    /** The chapter's name of the list. */
    String title();
}
