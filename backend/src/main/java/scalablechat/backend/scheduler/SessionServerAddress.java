package scalablechat.backend.scheduler;

import scalablechat.common.Env.ConfigException;
import scalablechat.common.contract.SessionPorts;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One session server of a static list: the address clients dial (and that session tokens name),
 * and the address of its internal HTTP port, which only backends use.
 *
 * <p>Written as {@code [ws://|wss://]host:port[@[internalHost:]internalPort]}. Without the {@code @} part
 * the internal port is {@code port + 1000} on the same host, the session server's own default, so
 * {@code localhost:8000,localhost:8001} is all a local setup needs. The {@code @} part is for servers
 * behind a proxy (public {@code wss://chat.example.com}, internal {@code 10.0.0.5:9000}) or with
 * a non-default {@code INTERNAL_PORT}.
 */
public record SessionServerAddress(String publicHost, boolean tls, String internalHost, int internalPort) {
    /** The session server's default distance between its public and internal ports. */

    public RoomLocation location() {
        return new RoomLocation(publicHost, tls);
    }

    public URI internalUri(String path) {
        return URI.create("http://" + internalHost + ":" + internalPort + path);
    }

    @Override
    public String toString() {
        return (tls ? "wss://" : "") + publicHost;
    }

    /** Parses a comma-separated list; {@code variable} names the setting in error messages. */
    public static List<SessionServerAddress> parseList(String variable, String list) {
        List<SessionServerAddress> servers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            SessionServerAddress server = parse(variable, entry.trim());
            if (!seen.add(server.publicHost)) {
                throw new ConfigException(variable + " lists " + server.publicHost + " twice");
            }
            servers.add(server);
        }
        if (servers.isEmpty()) {
            throw new ConfigException(variable + " must list at least one host:port");
        }
        return List.copyOf(servers);
    }

    public static SessionServerAddress parse(String variable, String entry) {
        String rest = entry;
        boolean tls = false;
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("wss://")) {
            tls = true;
            rest = rest.substring(6);
        } else if (lower.startsWith("ws://")) {
            rest = rest.substring(5);
        } else if (rest.contains("://")) {
            throw new ConfigException(variable + ": \"" + entry + "\" must start with ws://, wss:// or nothing");
        }
        String publicPart = rest;
        String internalPart = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            publicPart = rest.substring(0, at);
            internalPart = rest.substring(at + 1);
        }
        HostPort publicAddress = HostPort.parse(variable, entry, publicPart, internalPart != null);
        String internalHost = publicAddress.host;
        int internalPort;
        if (internalPart == null) {
            internalPort = publicAddress.port + SessionPorts.INTERNAL_PORT_OFFSET;
            if (internalPort > 65535) {
                throw new ConfigException(variable + ": \"" + entry + "\": port + " + SessionPorts.INTERNAL_PORT_OFFSET
                        + " is not a port; name the internal port with @port");
            }
        } else if (internalPart.chars().allMatch(Character::isDigit) && !internalPart.isEmpty()) {
            internalPort = HostPort.port(variable, entry, internalPart);
        } else {
            HostPort internal = HostPort.parse(variable, entry, internalPart, false);
            internalHost = internal.host;
            internalPort = internal.port;
        }
        return new SessionServerAddress(publicAddress.text(), tls, internalHost, internalPort);
    }

    private record HostPort(String host, int port) {
        static final int NO_PORT = -1;

        String text() {
            return port == NO_PORT ? host : host + ":" + port;
        }

        static HostPort parse(String variable, String entry, String text, boolean portOptional) {
            int colon = text.lastIndexOf(':');
            boolean bracketed = text.startsWith("[");
            if (colon < 0 || bracketed && colon < text.indexOf(']')) {
                if (!portOptional) {
                    throw new ConfigException(variable + ": \"" + entry + "\" must be host:port");
                }
                return new HostPort(host(variable, entry, text), NO_PORT);
            }
            return new HostPort(host(variable, entry, text.substring(0, colon)),
                    port(variable, entry, text.substring(colon + 1)));
        }

        static String host(String variable, String entry, String host) {
            if (!host.matches("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]")) {
                throw new ConfigException(variable + ": \"" + entry + "\" has no valid host name");
            }
            return host.toLowerCase(Locale.ROOT);
        }

        static int port(String variable, String entry, String port) {
            try {
                int value = Integer.parseInt(port);
                if (value >= 1 && value <= 65535) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(variable + ": \"" + entry + "\" has no valid port (1-65535)");
        }
    }
}
