package scalablechat.loadtest;

import com.eclipsesource.json.Json;

/** The two WebSocket protocols a session server speaks, as the tool sends and reads them. */
enum Protocol {
    /** The original Scalable Chat protocol: no subprotocol, a text frame per message, snapshots back. */
    ORIGINAL("original", null, new OriginalFrames()),
    /** JSON events, selected with the {@code scalable-chat.v2} subprotocol. */
    V2("v2", "scalable-chat.v2", new V2Frames());

    private final String label;
    private final String subprotocol;
    private final FrameReader reader;

    Protocol(String label, String subprotocol, FrameReader reader) {
        this.label = label;
        this.subprotocol = subprotocol;
        this.reader = reader;
    }

    static Protocol parse(String text) {
        for (Protocol protocol : values()) {
            if (protocol.label.equalsIgnoreCase(text) || text.equals(protocol.subprotocol)) {
                return protocol;
            }
        }
        throw new UsageException("--protocol must be v2 or original, got \"" + text + "\"");
    }

    String label() {
        return label;
    }

    /** The subprotocol to offer, or null to offer none. */
    String subprotocol() {
        return subprotocol;
    }

    FrameReader reader() {
        return reader;
    }

    /** The frame that sends {@code text}; {@code cid} lets a v2 server recognise a resend. */
    String sendFrame(String text, String cid) {
        if (this == ORIGINAL) {
            return text;
        }
        return Json.object().add("type", "send").add("text", text).add("cid", cid).toString();
    }
}
