package scalablechat.backend.scheduler.hathora;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One answer from Hathora's API: the status, the JSON object body when there is one, Hathora's
 * error message ({@code {"message": "..."}}, or the start of a body that isn't JSON) and the
 * {@code Retry-After} pause it asked for.
 */
record HathoraReply(int status, JsonObject body, String message, Optional<Duration> retryAfter) {
    /** Error text is logged; a proxy's HTML error page must not flood the log. */
    static final int MAX_MESSAGE_CHARS = 200;

    static HathoraReply of(int status, String text, String retryAfterHeader, Instant now) {
        JsonObject body = parseObject(text);
        String message = body != null && body.get("message") != null && body.get("message").isString()
                ? body.get("message").asString()
                : (body == null ? text : "");
        return new HathoraReply(status, body, printable(message), parseRetryAfter(retryAfterHeader, now));
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Overload or a failure on Hathora's side: the same request may well succeed later. */
    boolean isTransientFailure() {
        return status == 408 || status >= 500;
    }

    /** A string member, or null when absent or not a string (Hathora's enums are open-ended). */
    String string(String name) {
        return string(body, name);
    }

    static String string(JsonObject object, String name) {
        JsonValue value = object == null ? null : object.get(name);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** {@code Retry-After} as seconds or as an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long holds
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static JsonObject parseObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonValue value = Json.parse(text);
            return value.isObject() ? value.asObject() : null;
        } catch (ParseException e) {
            return null;
        }
    }

    private static String printable(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() <= MAX_MESSAGE_CHARS ? oneLine : oneLine.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
