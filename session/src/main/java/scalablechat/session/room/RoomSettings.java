package scalablechat.session.room;

import java.time.Duration;

/**
 * The limits a room keeps, read once from the session server's configuration ({@link SessionConfig#roomSettings()}).
 *
 * @param usersPerRoom          users present at once (USERS_PER_ROOM)
 * @param historySize           messages kept in memory for welcomes and history pages (ROOM_HISTORY_SIZE)
 * @param maxLogBytes           size of the room's log on disk, past which new messages are refused (MAX_ROOM_LOG_BYTES)
 * @param sendRatePerSecond     each user's send allowance (SEND_RATE_PER_SECOND), bursts of {@code sendRateBurst}
 * @param floodStrikes          refused sends in a row that close a connection as a flooder (FLOOD_STRIKES)
 * @param roomSendRatePerSecond the room's own cap on sends (ROOM_SEND_RATE_PER_SECOND), bursts of {@code roomSendBurst}
 * @param heartbeatSeconds      how often v2 members are pinged; 0 never (HEARTBEAT_SECONDS)
 * @param presenceGrace         how long a user whose last connection closed still counts as present
 * @param idleTimeout           how long a room without connections stays open (ROOM_IDLE_SECONDS)
 * @param unjoinedTimeout       how long a room nobody has joined yet stays open (ROOM_UNJOINED_SECONDS)
 */
public record RoomSettings(int usersPerRoom, int historySize, long maxLogBytes,
                           int sendRatePerSecond, int sendRateBurst, int floodStrikes,
                           int roomSendRatePerSecond, int roomSendBurst,
                           int heartbeatSeconds, Duration presenceGrace, Duration idleTimeout, Duration unjoinedTimeout) {
}
