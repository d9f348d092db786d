package dev.moat.blocking;

/** What adding an address to a {@link TemporaryList} did. */
public enum AddResult {
    /** The address is on the list now, for the time asked. */
    ADDED,
    /** It was on the list already; its entry is unchanged. */
    ALREADY_LISTED,
    /** The list holds its limit: the address was not added (the oldest entries are kept). */
    FULL
}
