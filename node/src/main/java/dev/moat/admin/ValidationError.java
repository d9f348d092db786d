package dev.moat.admin;

/** One thing wrong with a document: the 1-based line it is on (0 when no line applies) and what. */
public record ValidationError(int line, String message) {
}
