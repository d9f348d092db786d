package dev.moat.dns;

/**
 * What a node does with SPF results ({@code spf} and {@code spf-permerror}, server-wide or
 * cluster-wide): {@code off} evaluates nothing; {@code header} refuses nothing and adds
 * {@code Received-SPF:} and {@code Authentication-Results:}; {@code reject-fail} also refuses
 * a fail with {@code 550 5.7.23} and a temperror with {@code 451 4.7.24}; {@code
 * reject-softfail} refuses a softfail as a fail. A permerror gets the headers, or, in the
 * refusing modes with {@code spf-permerror: reject}, {@code 550 5.7.24}.
 */
public record SpfPolicy(Mode mode, Permerror permerror) {

    public enum Mode { OFF, HEADER, REJECT_FAIL, REJECT_SOFTFAIL }

    public enum Permerror { HEADER, REJECT }

    public static SpfPolicy off() {
        return new SpfPolicy(Mode.OFF, Permerror.HEADER);
    }

    public boolean evaluates() {
        return mode != Mode.OFF;
    }

    boolean refuses() {
        return mode == Mode.REJECT_FAIL || mode == Mode.REJECT_SOFTFAIL;
    }
}
