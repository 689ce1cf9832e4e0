package scalablechat.loadtest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The client side of the WebSocket opening handshake (RFC 6455 section 4): the request, and the checks on the answer. */
final class WsHandshake {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The answer's header block may be no larger; a server sends a few hundred bytes. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024;

    private final String key;
    private final String subprotocol;

    WsHandshake(String subprotocol) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
        this.subprotocol = subprotocol;
    }

    String key() {
        return key;
    }

    /** The upgrade request for {@code uri} ({@code ws://host:port/path?query}). */
    byte[] request(URI uri) {
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder request = new StringBuilder(256 + target.length())
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getRawAuthority()).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (subprotocol != null) {
            request.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Where the header block ends in {@code bytes[0, length)} (the index after the blank line), or -1. */
    static int headerEnd(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Checks the server's answer (the header block, blank line included); throws with the reason it is refused. */
    void check(String response) {
        String[] lines = response.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.1")) {
            throw new LoadException("not an HTTP answer to the upgrade: " + lines[0]);
        }
        if (!status[1].equals("101")) {
            throw new LoadException("upgrade refused with HTTP " + status[1] + (status.length > 2 ? " " + status[2] : ""));
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
            throw new LoadException("upgrade answer without Upgrade: websocket");
        }
        if (!accept(key).equals(headers.get("sec-websocket-accept"))) {
            throw new LoadException("upgrade answer with a wrong Sec-WebSocket-Accept");
        }
        String chosen = headers.get("sec-websocket-protocol");
        if (subprotocol == null ? chosen != null && !chosen.isEmpty() : !subprotocol.equals(chosen)) {
            throw new LoadException("the server chose subprotocol " + chosen + " instead of " + subprotocol);
        }
        if (headers.containsKey("sec-websocket-extensions")) {
            throw new LoadException("the server chose extensions the tool never offered: "
                    + headers.get("sec-websocket-extensions"));
        }
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
