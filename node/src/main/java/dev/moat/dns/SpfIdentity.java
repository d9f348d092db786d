package dev.moat.dns;

import dev.moat.net.IpAddress;

/**
 * What one SPF check is about (RFC 7208 section 4.1): the client's address, the sender's
 * local part and domain (for the null sender, {@code postmaster} and the HELO name), the HELO
 * name, this receiver's own host name ({@code %{r}}) and the time of the check ({@code %{t}}).
 */
record SpfIdentity(IpAddress ip, String localPart, String senderDomain, String helo, String receiver, long timestamp) {
}
