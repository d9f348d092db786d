package dev.moat.policy;

/** The kinds of SMTP protocol error a session counts and reports (a blocking event later). */
public enum ProtocolError {
    UNKNOWN_COMMAND,
    BAD_SEQUENCE,
    SYNTAX,
    LINE_TOO_LONG,
    BARE_LINE_ENDING,
    NUL_OCTET;

    /** The tag value used in metrics. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
