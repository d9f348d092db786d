/**
 * The values of mail that every layer says, at the bottom of the package order: SMTP replies
 * with their enhanced codes ({@link dev.moat.mail.Reply}), mail paths as the client wrote them
 * ({@link dev.moat.mail.MailPath}), the route the Router gives an address and its trace
 * ({@link dev.moat.mail.Route}), a recipient with its route ({@link dev.moat.mail.Recipient}),
 * header fields as received, wrapped ones whole ({@link dev.moat.mail.HeaderField}, {@link
 * dev.moat.mail.HeaderFolding}), and the one path by which Moat adds header fields and names
 * those to take out ({@link dev.moat.mail.HeaderEdits}; the authserv-id of an {@code
 * Authentication-Results:} field, {@link dev.moat.mail.AuthservId}). Plain immutable values and small pure helpers: no I/O, no
 * Netty, no settings. Reads no settings; registers no meters.
 */
package dev.moat.mail;
