package scalablechat.backend.scheduler.agones;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.common.Env.ConfigException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Agones scheduler's settings ({@code SCHEDULER=agones}), read the way an in-cluster pod finds its API server:
 * the service's environment variables and the service-account folder. Checked at start; a bad value is a
 * {@link ConfigException} naming the variable.
 *
 * @param api       {@code KUBERNETES_API}: the API server, https (then trusting only {@code caFile}) or http (tests,
 *                  {@code kubectl proxy})
 * @param tokenFile {@code KUBERNETES_TOKEN_FILE}: the service account's bearer token, read again as it rotates
 * @param caFile    {@code KUBERNETES_CA_FILE}: the only CA trusted for an https API; null for http
 * @param namespace {@code AGONES_NAMESPACE}: where the fleet's GameServers live
 * @param fleet     {@code AGONES_FLEET}: the Fleet whose GameServers are the session servers
 * @param roomsList {@code AGONES_ROOMS_LIST}: the Agones List on each GameServer holding its room ids
 * @param wss       {@code AGONES_WSS}: clients reach the GameServers through a TLS proxy, so lookups say {@code wss}
 */
public record AgonesConfig(URI api, Path tokenFile, Path caFile, String namespace, String fleet, String roomsList,
                           boolean wss) implements SchedulerConfig {
    /** Where Kubernetes mounts a pod's service-account token, CA and namespace. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    /** Kubernetes names (RFC 1123 labels): a namespace, a fleet, a list key. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** The longest a room creation keeps retrying Agones (contention, 409, 5xx) before it answers 503. */
    public static final Duration CREATE_DEADLINE = Duration.ofSeconds(10);
    /** One call to the API server; a watch is not bound by it. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    public static AgonesConfig from(Map<String, String> env) {
        URI api = api(env);
        Path tokenFile = Path.of(env.getOrDefault("KUBERNETES_TOKEN_FILE", SERVICE_ACCOUNT.resolve("token").toString()));
        if (!Files.isReadable(tokenFile)) {
            throw new ConfigException("KUBERNETES_TOKEN_FILE: cannot read " + tokenFile);
        }
        Path caFile = null;
        if (api.getScheme().equals("https")) {
            caFile = Path.of(env.getOrDefault("KUBERNETES_CA_FILE", tokenFile.resolveSibling("ca.crt").toString()));
            if (!Files.isReadable(caFile)) {
                throw new ConfigException("KUBERNETES_CA_FILE: cannot read " + caFile + " (needed for an https KUBERNETES_API)");
            }
        }
        String namespace = name(env, "AGONES_NAMESPACE", defaultNamespace(tokenFile));
        String fleet = name(env, "AGONES_FLEET", "scalable-chat");
        String rooms = name(env, "AGONES_ROOMS_LIST", "rooms");
        String wss = env.getOrDefault("AGONES_WSS", "false").strip();
        if (!wss.equals("true") && !wss.equals("false")) {
            throw new ConfigException("AGONES_WSS must be true or false, got \"" + wss + "\"");
        }
        return new AgonesConfig(api, tokenFile, caFile, namespace, fleet, rooms, wss.equals("true"));
    }

    private static URI api(Map<String, String> env) {
        String value = env.get("KUBERNETES_API");
        if (value == null || value.isBlank()) {
            String host = env.get("KUBERNETES_SERVICE_HOST");
            String port = env.get("KUBERNETES_SERVICE_PORT");
            if (host == null || host.isBlank() || port == null || port.isBlank()) {
                throw new ConfigException("KUBERNETES_API is not set, and neither are KUBERNETES_SERVICE_HOST and "
                        + "KUBERNETES_SERVICE_PORT (is the backend running in a pod?)");
            }
            value = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("KUBERNETES_API is not a URL: " + value);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null) {
            throw new ConfigException("KUBERNETES_API must be an http:// or https:// URL of the API server, got " + value);
        }
        return uri;
    }

    private static String defaultNamespace(Path tokenFile) {
        Path file = tokenFile.resolveSibling("namespace");
        try {
            return Files.isReadable(file) ? Files.readString(file).strip() : "default";
        } catch (java.io.IOException e) {
            return "default";
        }
    }

    private static String name(Map<String, String> env, String variable, String fallback) {
        String value = env.getOrDefault(variable, fallback).strip();
        if (!NAME.matcher(value).matches()) {
            throw new ConfigException(variable + " must be a Kubernetes name (lower-case letters, digits and -, "
                    + "at most 63), got \"" + value + "\"");
        }
        return value;
    }

    /**
     * The longest one scheduler call may take: a placement retries until {@link #CREATE_DEADLINE}, and a call
     * to the API server begun just before it may take {@link #CALL_TIMEOUT} more.
     */
    @Override
    public Duration longestCall() {
        return CREATE_DEADLINE.plus(CALL_TIMEOUT);
    }

    @Override
    public String toString() { // never the token
        return "agones[api=" + api + ", namespace=" + namespace + ", fleet=" + fleet + ", list=" + roomsList + "]";
    }
}
