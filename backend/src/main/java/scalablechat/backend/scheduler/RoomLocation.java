package scalablechat.backend.scheduler;

/**
 * Where a room's clients connect: {@code host} is the exact {@code host:port} they dial (and that
 * the session token names), {@code tls} whether they must use {@code wss://}.
 */
public record RoomLocation(String host, boolean tls) {
    public String scheme() {
        return tls ? "wss" : "ws";
    }
}
