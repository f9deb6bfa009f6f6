/**
 * Detectors for personal data of identifiable people; {@link dev.caravan.classify.personal.PersonalDataDetectors#all()}
 * returns them. A checksum or a structure decides where a format has one; context words decide where
 * it has none. Findings cover exactly the value (never surrounding labels or punctuation), so
 * redaction replaces just it.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>E-mail</b>: role and support addresses ({@code support@acme.com}) and example domains are
 *       reported; scp/SSH remotes ({@code git@github.com:org/repo.git}), URL userinfo
 *       ({@code ssh://git@host/…}), annotations, decorators, npm scopes and {@code pkg@version},
 *       addresses without a known TLD ({@code user@localhost}, {@code x@host.local}) are not.</li>
 *   <li><b>Phone</b>: '+' numbers and the default region's (US) formatted numbers are reported
 *       without context; bare digit runs and other countries' national formats only next to a word
 *       naming a phone number (or under a phone column). Ids, versions, dates, ISBNs, timestamps,
 *       IPs and card-length runs are not.</li>
 *   <li><b>Card</b>: Luhn and a known issuer range with a valid length; test numbers such as
 *       4111 1111 1111 1111 are reported (indistinguishable from live numbers); a number right
 *       after an order/tracking/invoice word is not, unless card words are near too.</li>
 *   <li><b>SSN</b>: the SSA sample and advertising numbers (078-05-1120, 219-09-9999,
 *       123-45-6789) are examples and never reported; the spaced form and bare 9 digits need SSN
 *       context.</li>
 *   <li><b>IP</b>: private (RFC 1918, ULA) and link-local addresses are reported; loopback,
 *       unspecified, broadcast, multicast, netmasks and the documentation ranges (192.0.2/24,
 *       198.51.100/24, 203.0.113/24, 2001:db8::/32) are not; CIDR networks with zero host bits
 *       ({@code 10.0.0.0/8} in firewall rules) are not, interface addresses with a prefix
 *       ({@code 10.1.2.3/24}) are (without the prefix); versions, OIDs, MACs and times are not.</li>
 *   <li><b>Date of birth</b>: a plausible date (not future, at most 120 years ago) next to birth
 *       context; with a person's name nearby confidence 0.85, without one still reported at 0.6.
 *       A bare date, birth context without a date, and rules ("must be before 2006-01-01") are not.</li>
 *   <li><b>Passport</b>: a 6–9 character number after a passport word (many languages) or in a
 *       passport column; ICAO TD3 machine-readable zones with valid check digits alone.</li>
 * </ul>
 *
 * <h2>Performance</h2>
 * The detectors share a per-thread index of the last text's digit sequences and word starts
 * ({@code TextIndex}), so each detector visits candidate positions instead of every character;
 * libphonenumber only sees short runs that already look like phone numbers.
 */
package dev.caravan.classify.personal;
