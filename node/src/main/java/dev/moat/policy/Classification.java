package dev.moat.policy;

import java.util.Objects;

/** An address status with the reason it was given: which list, which line, later which RBL. */
public record Classification(AddressStatus status, String reason) {
    public Classification {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
