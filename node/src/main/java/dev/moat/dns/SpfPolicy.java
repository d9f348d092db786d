package dev.moat.dns;

/**
 * What a node does with SPF results ({@code spf} and {@code spf-permerror}, server-wide or
 * cluster-wide): {@code off} evaluates nothing; {@code header} refuses no fail and adds
 * {@code Received-SPF:} and {@code Authentication-Results:}; {@code reject-fail} also refuses
 * a fail with {@code 550 5.7.23}; {@code reject-softfail} refuses a softfail as a fail. A
 * temperror is {@code 451 4.7.24} in every mode that evaluates (the rule: the sender's
 * DNS trouble is for the sender to retry), or only marked with {@code spf-temperror: header}.
 * A permerror gets the headers, or, in the refusing modes with {@code spf-permerror: reject},
 * {@code 550 5.7.24}.
 */
public record SpfPolicy(Mode mode, Permerror permerror, Temperror temperror) {

    public enum Mode { OFF, HEADER, REJECT_FAIL, REJECT_SOFTFAIL }

    public enum Permerror { HEADER, REJECT }

    /** What a temperror does in every mode that evaluates: {@code defer} ({@code 451 4.7.24}) or {@code header}. */
    public enum Temperror { DEFER, HEADER }

    public static SpfPolicy off() {
        return new SpfPolicy(Mode.OFF, Permerror.HEADER, Temperror.DEFER);
    }

    public boolean evaluates() {
        return mode != Mode.OFF;
    }

    boolean defersTemperror() {
        return evaluates() && temperror == Temperror.DEFER;
    }

    boolean refuses() {
        return mode == Mode.REJECT_FAIL || mode == Mode.REJECT_SOFTFAIL;
    }
}
