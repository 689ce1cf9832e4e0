package scalablechat.backend.scheduler.hathora;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.common.Env;
import scalablechat.common.Env.ConfigException;
import scalablechat.common.config.Setting;
import scalablechat.common.config.SettingsTable;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the backend talks to Hathora Cloud's Rooms v2 API. {@link #from(Env)} reads the environment;
 * tests build one directly to shorten the timings.
 *
 * @param apiBase        where the API lives, without a trailing slash
 * @param appId          the Hathora application whose deployment runs our session servers
 * @param token          a Hathora developer token; never logged, and left out of {@link #toString()}
 * @param region         where new rooms are placed (one of Hathora's region names)
 * @param lookupTimeout  how long a lookup waits for a starting room to become reachable
 * @param pollInterval   pause between connection-info polls while a room is starting
 * @param connectTimeout TCP (and TLS) connect timeout for each request
 * @param requestTimeout how long one request may take before it counts as failed
 * @param maxAttempts    tries per operation on 5xx, 408 and timeouts before giving up
 * @param initialBackoff pause after the first failure; it doubles after each further one
 * @param maxWait        longest pause between tries, and the largest {@code Retry-After} a room
 *                       creation waits for (beyond it the client is told to come back later)
 */
public record HathoraConfig(
        URI apiBase,
        String appId,
        String token,
        String region,
        Duration lookupTimeout,
        Duration pollInterval,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxWait) implements SchedulerConfig {

    public static final Setting HATHORA_APP_ID = Setting.text("HATHORA_APP_ID", null, "`[A-Za-z0-9_-]`, 1–100",
            "the Hathora application whose deployment runs the session servers");
    public static final Setting HATHORA_TOKEN = Setting.text("HATHORA_TOKEN", null, "no spaces",
            "a Hathora developer token; sent only to `HATHORA_API_BASE`, never logged");
    public static final Setting HATHORA_API_BASE = Setting.text("HATHORA_API_BASE", "https://api.hathora.dev",
            "an http(s) URL", "where Hathora's Rooms v2 API lives; point it at a compatible service or a test double");
    public static final Setting HATHORA_REGION = Setting.text("HATHORA_REGION", "Dallas", "a region name",
            "the region new rooms go to; names outside Hathora's documented list are passed on with a warning");
    /** A process may take up to 100 s to bind its port on Hathora; the rest is margin. */
    public static final Setting HATHORA_LOOKUP_TIMEOUT_SECONDS = Setting.seconds("HATHORA_LOOKUP_TIMEOUT_SECONDS", 120,
            1, 3600, "how long a room lookup waits for a starting room to become reachable before answering 503 (a "
                    + "Hathora process may take up to 100 s to start)");
    public static final SettingsTable TABLE = new SettingsTable("hathora", List.of(HATHORA_APP_ID, HATHORA_TOKEN,
            HATHORA_API_BASE, HATHORA_REGION, HATHORA_LOOKUP_TIMEOUT_SECONDS));
    public static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_ATTEMPTS = 4;
    public static final Duration INITIAL_BACKOFF = Duration.ofMillis(250);
    public static final Duration MAX_WAIT = Duration.ofSeconds(5);

    /** Regions documented by Hathora's API; the list is open-ended, so others pass with a warning. */
    public static final Set<String> KNOWN_REGIONS = Set.of(
            "Seattle", "Los_Angeles", "Washington_DC", "Chicago", "London", "Frankfurt", "Mumbai",
            "Singapore", "Tokyo", "Sydney", "Sao_Paulo", "Dallas", "Johannesburg", "Dubai");

    /** Hathora's room id alphabet; app ids fit in it too, which keeps them safe inside a URL path. */
    private static final Pattern ID_SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern REGION_SHAPE = Pattern.compile("[A-Za-z_]{1,64}");

    public HathoraConfig {
        if (apiBase == null || !("https".equals(apiBase.getScheme()) || "http".equals(apiBase.getScheme()))
                || apiBase.getHost() == null) {
            throw new ConfigException("HATHORA_API_BASE must be an http(s) URL, got \"" + apiBase + "\"");
        }
        apiBase = withoutTrailingSlash(apiBase);
        if (appId == null || !ID_SHAPE.matcher(appId).matches()) {
            throw new ConfigException("HATHORA_APP_ID must be 1-100 of A-Z a-z 0-9 _ -");
        }
        if (token == null || token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new ConfigException("HATHORA_TOKEN must be a token without spaces or control characters");
        }
        if (region == null || !REGION_SHAPE.matcher(region).matches()) {
            throw new ConfigException("HATHORA_REGION must be a Hathora region name such as Dallas, got \"" + region + "\"");
        }
        requirePositive(lookupTimeout, "lookupTimeout");
        requirePositive(pollInterval, "pollInterval");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxWait, "maxWait");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * The Hathora settings when the environment asks for Hathora (both {@code HATHORA_APP_ID} and
     * {@code HATHORA_TOKEN} set), empty when it sets neither. Setting only one is a mistake we stop
     * at, rather than silently running some other scheduler.
     */
    public static Optional<HathoraConfig> fromIfRequested(Env env) {
        if (HATHORA_APP_ID.isSet(env) != HATHORA_TOKEN.isSet(env)) {
            throw new ConfigException("HATHORA_APP_ID and HATHORA_TOKEN must be set together");
        }
        return HATHORA_APP_ID.isSet(env) ? Optional.of(from(env)) : Optional.empty();
    }

    /** Reads the Hathora settings; {@code HATHORA_APP_ID} and {@code HATHORA_TOKEN} are required. */
    public static HathoraConfig from(Env env) {
        return new HathoraConfig(
                parseBase(HATHORA_API_BASE.text(env)),
                env.required(HATHORA_APP_ID.name()),
                env.required(HATHORA_TOKEN.name()),
                HATHORA_REGION.text(env),
                HATHORA_LOOKUP_TIMEOUT_SECONDS.seconds(env),
                POLL_INTERVAL,
                CONNECT_TIMEOUT,
                REQUEST_TIMEOUT,
                MAX_ATTEMPTS,
                INITIAL_BACKOFF,
                MAX_WAIT);
    }

    /**
     * The longest one scheduler call can take: a lookup ends at {@link #lookupTimeout()}; a create
     * makes at most {@link #maxAttempts()} requests with pauses between them, then one check.
     */
    @Override
    public Duration longestCall() {
        Duration create = requestTimeout.multipliedBy(maxAttempts + 1L).plus(maxWait.multipliedBy(maxAttempts - 1L));
        return create.compareTo(lookupTimeout) > 0 ? create : lookupTimeout;
    }

    public boolean knownRegion() {
        return KNOWN_REGIONS.contains(region);
    }

    @Override
    public String toString() {
        return "HathoraConfig[apiBase=" + apiBase + ", appId=" + appId + ", token=(hidden), region=" + region
                + ", lookupTimeout=" + lookupTimeout + ", pollInterval=" + pollInterval
                + ", requestTimeout=" + requestTimeout + ", maxAttempts=" + maxAttempts + "]";
    }

    private static URI parseBase(String raw) {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException("HATHORA_API_BASE must be an http(s) URL, got \"" + raw + "\"");
        }
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
