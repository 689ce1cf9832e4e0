package scalablechat.backend.scheduler.fixed;

import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.common.Env.ConfigException;
import scalablechat.common.RoomIds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Room ids that name their session server, so that any backend with the same server list finds any
 * room without a shared store: {@code <16 random symbols>-<5-symbol tag>}, for example
 * {@code k7m2x9q4w3e8r5t6-ab3cd}. The tag is a hash of the server's public {@code host:port}, so it
 * doesn't depend on the order of the list.
 *
 * <p>The trade-off: a room belongs to its server for good. Removing a server from the list makes its
 * rooms unknown, and a room can't move to another server when its own is down (the lookup answers 503
 * until it is back). The 80 random bits keep ids unguessable; the 25-bit tag only has to tell the
 * configured servers apart, which is checked at start.
 */
final class ServerTaggedRoomIds {
    static final int RANDOM_LENGTH = 16;
    static final int TAG_LENGTH = 5;
    private static final char SEPARATOR = '-';
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // RoomIds' symbols

    private final Map<String, SessionServerAddress> serversByTag = new HashMap<>();

    ServerTaggedRoomIds(List<SessionServerAddress> servers) {
        for (SessionServerAddress server : servers) {
            SessionServerAddress clash = serversByTag.put(tag(server), server);
            if (clash != null) {
                throw new ConfigException("session servers " + clash + " and " + server
                        + " hash to the same room id tag; rename one (for example by its IP address)");
            }
        }
    }

    String newId(SessionServerAddress server) {
        return RoomIds.random(RANDOM_LENGTH) + SEPARATOR + tag(server);
    }

    /** The server a room id names, or empty when the id is not one of ours. */
    Optional<SessionServerAddress> serverOf(String roomId) {
        int length = RANDOM_LENGTH + 1 + TAG_LENGTH;
        if (roomId == null || roomId.length() != length || roomId.charAt(RANDOM_LENGTH) != SEPARATOR) {
            return Optional.empty();
        }
        return Optional.ofNullable(serversByTag.get(roomId.substring(RANDOM_LENGTH + 1)));
    }

    static String tag(SessionServerAddress server) {
        byte[] hash = sha256(server.publicHost());
        long bits = ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
        char[] tag = new char[TAG_LENGTH];
        for (int i = 0; i < TAG_LENGTH; i++) {
            tag[i] = ALPHABET.charAt((int) (bits >>> (27 - 5 * i)) & 31);
        }
        return new String(tag);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
