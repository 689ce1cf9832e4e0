package scalablechat.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP addresses written as literals, parsed without ever asking DNS. */
public final class IpLiterals {
    private static final Pattern LITERAL = Pattern.compile("[0-9.]{7,15}|\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?");

    private IpLiterals() {}

    /** The address {@code text} names, or empty when it is not an IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!LITERAL.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(trimmed)); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
