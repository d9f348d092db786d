package dev.moat.settings;

import java.util.Objects;

/** A user who may authenticate (SMTP AUTH): the name and the hash of the password. */
public record AuthUser(String name, PasswordHash password) {
    public AuthUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
    }
}
