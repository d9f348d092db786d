package dev.moat.policy;

/** The points of an SMTP session at which checks run, in the order a session meets them. */
public enum Stage {
    /** After the client address is known, before the greeting. */
    CONNECT,
    /** HELO or EHLO. */
    HELO,
    /** MAIL FROM: the Return-Path. */
    MAIL,
    /** RCPT TO: one recipient. */
    RCPT,
    /** The DATA command: every recipient is known, no line of the message yet. */
    DATA,
    /** The end of DATA: the whole message is in. */
    MESSAGE
}
