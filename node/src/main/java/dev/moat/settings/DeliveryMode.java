package dev.moat.settings;

/**
 * Where accepted mail goes, written in settings in lower case: {@code spool} writes each
 * message to the spool directory and syncs it before the 250; {@code relay} hands it to the
 * next hop over SMTP before answering the client.
 */
public enum DeliveryMode {
    SPOOL,
    RELAY
}
