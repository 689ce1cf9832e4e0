package scalablechat.session.protocol;

/** Which protocol a connection speaks, chosen by the WebSocket subprotocol the client offered. */
public enum WireProtocol {
    /** No subprotocol: the original Scalable Chat protocol (text in, full snapshots out). */
    ORIGINAL(""),
    /** The event protocol with message ids, resume and errors. */
    V2("scalable-chat.v2");

    private final String subprotocol;

    WireProtocol(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    public static WireProtocol ofSubprotocol(String negotiated) {
        return V2.subprotocol.equals(negotiated) ? V2 : ORIGINAL;
    }
}
