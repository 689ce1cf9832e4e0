package scalablechat.backend.scheduler.hathora;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.common.Env;
import scalablechat.common.Env.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
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

    public static final String DEFAULT_API_BASE = "https://api.hathora.dev";
    public static final String DEFAULT_REGION = "Dallas";
    /** A process may take up to 100 s to bind its port on Hathora; the rest is margin. */
    public static final int DEFAULT_LOOKUP_TIMEOUT_SECONDS = 120;
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
        if (env.has("HATHORA_APP_ID") != env.has("HATHORA_TOKEN")) {
            throw new ConfigException("HATHORA_APP_ID and HATHORA_TOKEN must be set together");
        }
        return env.has("HATHORA_APP_ID") ? Optional.of(from(env)) : Optional.empty();
    }

    /** Reads the Hathora settings; {@code HATHORA_APP_ID} and {@code HATHORA_TOKEN} are required. */
    public static HathoraConfig from(Env env) {
        return new HathoraConfig(
                parseBase(env.string("HATHORA_API_BASE", DEFAULT_API_BASE)),
                env.required("HATHORA_APP_ID"),
                env.required("HATHORA_TOKEN"),
                env.string("HATHORA_REGION", DEFAULT_REGION),
                Duration.ofSeconds(env.integer("HATHORA_LOOKUP_TIMEOUT_SECONDS", DEFAULT_LOOKUP_TIMEOUT_SECONDS, 1, 3600)),
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
