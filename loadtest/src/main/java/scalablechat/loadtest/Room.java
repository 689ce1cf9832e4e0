package scalablechat.loadtest;

import java.util.List;

/**
 * One chat room under load and its members' connections. Only the room's one sender thread calls
 * {@link #send}, so the message numbering and the round-robin over members need no locks.
 */
final class Room {
    private final int index;
    private final String roomId;
    private final String host;
    private final List<ChatConnection> members;
    private final Tally tally;
    private long nextSeq;
    private int nextSender;

    Room(int index, String roomId, String host, List<ChatConnection> members, Tally tally) {
        this.index = index;
        this.roomId = roomId;
        this.host = host;
        this.members = List.copyOf(members);
        this.tally = tally;
    }

    int index() {
        return index;
    }

    String roomId() {
        return roomId;
    }

    String host() {
        return host;
    }

    List<ChatConnection> members() {
        return members;
    }

    /**
     * Sends the room's next message from its next member in turn, so that the per-user rate limit sees
     * the room's rate divided by its size. Every member, the sender included, must receive it.
     */
    void send(int phase, int size) {
        ChatConnection from = members.get(nextSender);
        nextSender = (nextSender + 1) % members.size();
        long seq = nextSeq++;
        tally.sent(members.size());
        Marker marker = new Marker(phase, seq, Marker.now());
        from.send(marker.text(size), "c" + seq);
    }
}
