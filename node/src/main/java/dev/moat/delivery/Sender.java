package dev.moat.delivery;

import java.util.Objects;

/**
 * The envelope sender of one message. {@code reversePath} is without angle brackets ("" is the
 * null sender {@code <>}); {@code declaredSize} is the client's {@code SIZE=} value, -1 when
 * unknown. A reverse path holding a control character (CR, LF, ...) is refused at construction:
 * it cannot come from a well-parsed command line and would corrupt the next hop's.
 */
public record Sender(String reversePath, long declaredSize, boolean eightBitMime) {

    public Sender {
        Objects.requireNonNull(reversePath, "reversePath");
        if (Replies.hasControlCharacter(reversePath)) {
            throw new IllegalArgumentException("control character in reverse path");
        }
        if (declaredSize < -1) {
            throw new IllegalArgumentException("declared size must be -1 (unknown) or more: " + declaredSize);
        }
    }
}
