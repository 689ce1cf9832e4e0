package scalablechat.backend;

import com.sun.net.httpserver.HttpExchange;
import scalablechat.common.IpLiterals;

import java.net.InetAddress;

/**
 * The address a request came from, for per-address limits. A proxy on this machine (the VPS guide's Caddy or
 * nginx) makes every client look like loopback, so from a loopback peer the last {@code X-Forwarded-For} entry,
 * the one that proxy appended, is taken instead. From any other peer the header is ignored: anyone can send it.
 */
final class ClientAddress {
    private ClientAddress() {}

    static InetAddress of(HttpExchange exchange) {
        InetAddress peer = exchange.getRemoteAddress().getAddress();
        if (!peer.isLoopbackAddress()) {
            return peer;
        }
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        if (forwarded == null) {
            return peer;
        }
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1);
        return IpLiterals.parse(last).orElse(peer);
    }
}
