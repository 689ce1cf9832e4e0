package scalablechat.loadtest;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** The tool only ever loads this machine: every target must resolve to loopback addresses only. */
final class Loopback {
    private Loopback() {}

    static URI requireHttpUri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--backend is not a URL: " + text);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException("--backend must be an http:// URL with a host, got " + text);
        }
        requireHost(uri.getHost());
        return uri;
    }

    /** {@code host:port} as the backend names session servers. */
    static void requireHostPort(String hostPort) {
        URI uri;
        try {
            uri = URI.create("ws://" + hostPort + "/");
        } catch (IllegalArgumentException e) {
            throw new LoadException("the backend named a session server that is not host:port: " + hostPort);
        }
        if (uri.getHost() == null) {
            throw new LoadException("the backend named a session server that is not host:port: " + hostPort);
        }
        requireHost(uri.getHost());
    }

    static void requireHost(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new UsageException("unknown host " + host);
        }
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new UsageException(host + " is not a loopback address: the load tool only targets this machine");
            }
        }
    }
}
