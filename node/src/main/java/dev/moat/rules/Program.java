package dev.moat.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An external program a rule runs ({@code execute}): its argument list, run as it is without a
 * shell, or, when {@code shell} is set, one command line given to {@code /bin/sh -c}; how long it
 * may take; which exit status means what ({@code 0: accept} by default, {@code 1: reject},
 * {@code 2: discard}; any other status is a failure); the header fields of its output that are
 * added to the message when its answer is {@code add-header}; and the text of a rejection.
 */
public record Program(List<String> command, boolean shell, Duration timeout, Map<Integer, Answer> exitCodes,
        List<String> outputHeaders, String rejectText) {

    /** What an exit status means. */
    public enum Answer {
        /** Go on with the next action; nothing added. */
        ACCEPT,
        /** Go on, with the fields of {@code output-headers} the program printed added to the message. */
        ADD_HEADER,
        /** Refuse the message with {@code 554 5.7.1} and {@code reject-text}. */
        REJECT,
        /** Accept with 250 and hand it to nobody. */
        DISCARD
    }

    /** The meaning of each exit status when the settings do not say. */
    public static final Map<Integer, Answer> DEFAULT_EXIT_CODES = Map.of(0, Answer.ADD_HEADER, 1, Answer.REJECT,
            2, Answer.DISCARD);

    public Program {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a program needs a command");
        }
        Objects.requireNonNull(timeout, "timeout");
        exitCodes = Map.copyOf(exitCodes);
        outputHeaders = List.copyOf(outputHeaders);
        Objects.requireNonNull(rejectText, "rejectText");
    }

    /** The argument list the process starts with. */
    public List<String> argv() {
        return shell ? List.of("/bin/sh", "-c", command.get(0)) : command;
    }
}
