/**
 * IP addresses and network address lists. {@link dev.moat.net.IpAddress} is one IPv4 or
 * IPv6 address as a 128-bit value, IPv4 held in the IPv4-mapped block so both spellings are
 * the same address; it gives the canonical text and the reverse names used for PTR and RBL
 * queries. {@link dev.moat.net.NetworkAddressList} parses the one-entry-a-line format shared
 * by every IP list (Client, LAN, Blacklisted, White Hole, Denied, Debug, UnBlockable; see
 * {@code spec/NOTES.md}, "Network address lists"), collecting every bad line, and compiles it
 * into an {@link dev.moat.net.AddressSet}: sorted disjoint ranges in primitive arrays,
 * searched by binary search, that also tell which line put an address in the set, and unite
 * with other sets. {@link dev.moat.net.LocalAddresses} lists this machine's own addresses;
 * {@link dev.moat.net.BindFailure} says why a listener could not bind, in plain words.
 * Reads no settings and registers no meters; never performs DNS lookups.
 */
package dev.moat.net;
