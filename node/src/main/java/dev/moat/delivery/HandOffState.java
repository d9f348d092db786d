package dev.moat.delivery;

/**
 * What a hand-off holds at one moment, for the meters: the next-hop pool's connections in use
 * and idle and the transactions waiting for one (relay mode), and the spool's files and the age
 * in seconds of the oldest (spool mode). A part the mode does not have is 0.
 */
public record HandOffState(int inUse, int idle, int waiting, long spoolFiles, double oldestSpoolSeconds) {

    /** Nothing pooled, nothing spooled. */
    public static final HandOffState NONE = new HandOffState(0, 0, 0, 0, 0);
}
