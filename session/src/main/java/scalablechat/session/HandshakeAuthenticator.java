package scalablechat.session;

import scalablechat.common.InvalidTokenException;
import scalablechat.common.RoomIds;
import scalablechat.common.Tokens;
import scalablechat.session.protocol.CloseCodes;
import scalablechat.session.room.Member;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides, from the upgrade request alone, who a connection is: {@code ?token=<session JWT>} must
 * be valid, unexpired and name this server as its {@code host} ({@link HostCheck}); {@code &since=<id>} is optional.
 * Runs on a Java-WebSocket decoder thread, so it only does local work (an HMAC, no I/O).
 */
final class HandshakeAuthenticator {
    /** The outcome. */
    sealed interface Result permits Accepted, Refused {}

    /** {@code issuedAt}: when the backend signed the token, in epoch seconds. */
    record Accepted(String userId, String roomId, long since, long issuedAt) implements Result {}

    record Refused(int closeCode, String reason) implements Result {}

    /** Which host:port a token may name here, given the request's Host header (null when absent). */
    interface HostCheck {
        boolean accepts(String tokenHost, String hostHeader);

        /** Only {@code publicHost}: the address the backend hands out for this server. */
        static HostCheck fixed(String publicHost) {
            return (tokenHost, hostHeader) -> publicHost.equalsIgnoreCase(tokenHost);
        }

        /** Only the address {@code publicHost} gives when asked, which may be learnt after start (Agones); none before. */
        static HostCheck learnt(java.util.function.Supplier<String> publicHost) {
            return (tokenHost, hostHeader) -> {
                String host = publicHost.get();
                return host != null && host.equalsIgnoreCase(tokenHost);
            };
        }

        /**
         * Without a public address, only this machine's loopback names with this server's own port: a token
         * for any other server names another host or port. Ports are read when asked, as 0 binds late.
         */
        static HostCheck loopback(java.util.function.IntSupplier port) {
            return (tokenHost, hostHeader) -> {
                int p = port.getAsInt();
                return tokenHost != null && (tokenHost.equalsIgnoreCase("localhost:" + p)
                        || tokenHost.equals("127.0.0.1:" + p) || tokenHost.equals("[::1]:" + p));
            };
        }

        /**
         * The original's rule: the token must name what the client put in its Host header. A client chooses
         * that header, so a token for another server is accepted here by sending that server's name.
         */
        static HostCheck hostHeader() {
            return (tokenHost, hostHeader) -> hostHeader != null && hostHeader.equalsIgnoreCase(tokenHost);
        }
    }

    private final Tokens tokens;
    private final HostCheck hostCheck;

    HandshakeAuthenticator(Tokens tokens, HostCheck hostCheck) {
        this.tokens = tokens;
        this.hostCheck = hostCheck;
    }

    Result check(String resourceDescriptor, String hostHeader) {
        Map<String, String> query;
        try {
            query = query(resourceDescriptor);
        } catch (IllegalArgumentException e) {
            return new Refused(CloseCodes.BAD_REQUEST, "malformed query string");
        }
        String token = query.get("token");
        if (token == null || token.isEmpty()) {
            return new Refused(CloseCodes.UNAUTHORIZED, "missing token");
        }
        Tokens.SessionClaims claims;
        try {
            claims = tokens.verifySession(token);
        } catch (InvalidTokenException e) {
            return new Refused(CloseCodes.UNAUTHORIZED, "invalid token: " + e.getMessage());
        }
        if (!hostCheck.accepts(claims.host(), hostHeader)) {
            return new Refused(CloseCodes.UNAUTHORIZED, "token is for another server");
        }
        if (!RoomIds.isValid(claims.roomId())) {
            return new Refused(CloseCodes.UNAUTHORIZED, "invalid token: bad roomId claim");
        }
        long since = Member.NO_SINCE;
        String rawSince = query.get("since");
        if (rawSince != null) {
            since = parseSince(rawSince);
            if (since == Member.NO_SINCE) {
                return new Refused(CloseCodes.BAD_REQUEST, "since must be a message id (0 or more)");
            }
        }
        return new Accepted(claims.userId(), claims.roomId(), since, claims.issuedAt());
    }

    private static long parseSince(String raw) {
        if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Member.NO_SINCE;
        }
        return Long.parseLong(raw);
    }

    /** The first value of each parameter, URL-decoded; the descriptor is the raw request target. */
    private static Map<String, String> query(String resourceDescriptor) {
        Map<String, String> out = new HashMap<>();
        if (resourceDescriptor == null) {
            return out;
        }
        int start = resourceDescriptor.indexOf('?');
        if (start < 0) {
            return out;
        }
        int end = resourceDescriptor.indexOf('#', start);
        String query = resourceDescriptor.substring(start + 1, end < 0 ? resourceDescriptor.length() : end);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }
}
