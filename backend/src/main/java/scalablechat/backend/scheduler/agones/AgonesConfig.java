package scalablechat.backend.scheduler.agones;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.common.Env;
import scalablechat.common.Env.ConfigException;
import scalablechat.common.config.Setting;
import scalablechat.common.config.SettingsTable;
import scalablechat.common.contract.SharedSettings;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    public static final Setting KUBERNETES_API = Setting.describedText("KUBERNETES_API",
            "`https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`", "an http(s) URL",
            "the API server; `http://` is allowed (tests, `kubectl proxy`)");
    public static final Setting KUBERNETES_TOKEN_FILE = Setting.text("KUBERNETES_TOKEN_FILE",
            SERVICE_ACCOUNT.resolve("token").toString(), "a readable file",
            "the service account's bearer token, read again every 30 s and whenever it is refused (tokens rotate); "
                    + "never logged");
    public static final Setting KUBERNETES_CA_FILE = Setting.describedText("KUBERNETES_CA_FILE",
            "`ca.crt` beside the token", "a readable file", "the only CA trusted for an `https://` API; not read for "
                    + "`http://`");
    public static final Setting AGONES_NAMESPACE = Setting.describedText("AGONES_NAMESPACE",
            "the `namespace` file beside the token, else `default`", "a Kubernetes name",
            "where the Fleet's GameServers are");
    public static final Setting AGONES_FLEET = Setting.text("AGONES_FLEET", "scalable-chat", "a Kubernetes name",
            "the Fleet whose GameServers are the session servers");
    public static final Setting AGONES_WSS = Setting.flag("AGONES_WSS", false,
            "`true` when browsers reach the GameServers through a TLS proxy: lookups then say `wss`");
    public static final SettingsTable TABLE = new SettingsTable("agones", List.of(KUBERNETES_API,
            KUBERNETES_TOKEN_FILE, KUBERNETES_CA_FILE, AGONES_NAMESPACE, AGONES_FLEET, AGONES_WSS));

    /** The longest a room creation keeps retrying Agones (contention, 409, 5xx) before it answers 503. */
    public static final Duration CREATE_DEADLINE = Duration.ofSeconds(10);
    /** One call to the API server; a watch is not bound by it. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    public static AgonesConfig from(Map<String, String> vars) {
        Env env = new Env(vars);
        URI api = api(env);
        Path tokenFile = Path.of(KUBERNETES_TOKEN_FILE.text(env));
        if (!Files.isReadable(tokenFile)) {
            throw new ConfigException("KUBERNETES_TOKEN_FILE: cannot read " + tokenFile);
        }
        Path caFile = null;
        if (api.getScheme().equals("https")) {
            caFile = Path.of(KUBERNETES_CA_FILE.text(env, tokenFile.resolveSibling("ca.crt").toString()));
            if (!Files.isReadable(caFile)) {
                throw new ConfigException("KUBERNETES_CA_FILE: cannot read " + caFile + " (needed for an https KUBERNETES_API)");
            }
        }
        String namespace = name(AGONES_NAMESPACE, AGONES_NAMESPACE.text(env, defaultNamespace(tokenFile)));
        String fleet = name(AGONES_FLEET, AGONES_FLEET.text(env));
        String rooms = name(SharedSettings.AGONES_ROOMS_LIST, SharedSettings.AGONES_ROOMS_LIST.text(env));
        return new AgonesConfig(api, tokenFile, caFile, namespace, fleet, rooms, AGONES_WSS.flag(env));
    }

    private static URI api(Env env) {
        String value = KUBERNETES_API.text(env, null);
        if (value == null) {
            String host = env.string("KUBERNETES_SERVICE_HOST", null);
            String port = env.string("KUBERNETES_SERVICE_PORT", null);
            if (host == null || port == null) {
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

    private static String name(Setting setting, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new ConfigException(setting.name() + " must be a Kubernetes name (lower-case letters, digits and -, "
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
