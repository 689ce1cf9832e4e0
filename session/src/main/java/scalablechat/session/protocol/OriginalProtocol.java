package scalablechat.session.protocol;

import com.eclipsesource.json.Json;

import java.util.Collection;
import java.util.List;

/**
 * The original Scalable Chat protocol: each text frame from a client is one message; after every
 * join, leave and message everyone gets the whole room:
 * {@code {"messages":[{"userId":"alice","msg":"hi","ts":"..."}],"connectedUsers":["alice"]}}.
 */
public final class OriginalProtocol {
    /** How many messages a snapshot (original protocol) or a plain welcome (v2) carries: the original's 100. */
    public static final int SNAPSHOT_MESSAGES = 100;

    private OriginalProtocol() {}

    static String message(ChatMessage message) {
        return Json.object()
                .add("userId", message.userId())
                .add("msg", message.text())
                .add("ts", message.timestamp())
                .toString();
    }

    /** Built once per event and sent to every member that speaks this protocol. */
    public static String snapshot(List<ChatMessage> messages, Collection<String> users) {
        StringBuilder out = new StringBuilder(64 + messages.size() * 96);
        out.append("{\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(messages.get(i).originalJson());
        }
        out.append("],\"connectedUsers\":");
        out.append(V2Protocol.stringArray(users));
        return out.append('}').toString();
    }
}
