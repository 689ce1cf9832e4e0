package scalablechat.backend;

import scalablechat.common.http.HttpJson;
import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.RoomLocation;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.common.http.HttpJson.HttpError;
import scalablechat.common.Tokens;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/rooms} creates a room, within {@link RoomCreationLimits}; {@code GET /api/rooms/{roomId}} tells a client where the
 * room lives and gives it a session token for that server. Both need a user token. The scheduler does
 * the placing and finding; this class only speaks HTTP.
 */
final class RoomsHandler {
    private final Authenticator authenticator;
    private final Scheduler scheduler;
    private final Tokens tokens;
    private final RoomCreationLimits creationLimits;

    RoomsHandler(Authenticator authenticator, Scheduler scheduler, Tokens tokens, RoomCreationLimits creationLimits) {
        this.authenticator = authenticator;
        this.scheduler = scheduler;
        this.tokens = tokens;
        this.creationLimits = creationLimits;
    }

    void create(HttpExchange exchange, List<String> pathParams) throws IOException, HttpError {
        String userId = authenticator.userId(exchange);
        RoomCreationLimits.Reservation reservation;
        try {
            reservation = creationLimits.reserve(userId, ClientAddress.of(exchange).getHostAddress());
        } catch (RoomCreationLimits.Refused e) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(e.retryAfterSeconds()));
            throw new HttpError(429, e.getMessage());
        }
        boolean created = false;
        try {
            String roomId = scheduler.createRoom();
            created = true;
            HttpJson.send(exchange, 200, Json.object().add("roomId", roomId));
        } catch (NoCapacityException e) {
            throw retryLater(exchange, e.getMessage(), e.retryAfterSeconds());
        } catch (SchedulerUnavailableException e) {
            throw retryLater(exchange, e.getMessage(), e.retryAfterSeconds());
        } finally {
            if (!created) {
                creationLimits.cancel(reservation); // no room, so nothing to count
            }
        }
    }

    void lookup(HttpExchange exchange, List<String> pathParams) throws IOException, HttpError {
        String userId = authenticator.userId(exchange);
        String roomId = pathParams.get(0);
        Optional<RoomLocation> location;
        try {
            location = scheduler.findRoom(roomId);
        } catch (SchedulerUnavailableException e) {
            throw retryLater(exchange, e.getMessage(), e.retryAfterSeconds());
        }
        JsonObject answer;
        if (location.isEmpty()) {
            // The original's contract for a room that doesn't exist (or no longer does).
            answer = Json.object().add("host", Json.NULL).add("token", Json.NULL);
        } else {
            String host = location.get().host();
            answer = Json.object()
                    .add("host", host)
                    .add("token", tokens.sessionToken(userId, roomId, host))
                    .add("scheme", location.get().scheme());
        }
        HttpJson.send(exchange, 200, answer);
    }

    private static HttpError retryLater(HttpExchange exchange, String message, int seconds) {
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(Math.max(1, seconds)));
        return new HttpError(503, message);
    }
}
