package scalablechat.session.transport;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.protocols.IProtocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6455 as Java-WebSocket 1.6.0 implements it, with two checks it lacks:
 * <ul>
 * <li>A fragmented message is bounded while it arrives. The library checks the total only at the final
 * fragment and keeps every fragment until then, so endless non-final fragments grow the heap until the
 * whole server dies of an OutOfMemoryError. Here the running total and the count are checked on every
 * fragment, and going over closes with 1009.</li>
 * <li>Client frames must be masked (RFC 6455 §5.1): the library accepts unmasked ones.</li>
 * </ul>
 * It also sends a frame encoded once for a whole fan-out without copying it per connection.
 * Java-WebSocket copies the draft for each connection ({@link #copyInstance}), so the state here is one
 * connection's, used only by that connection's decoder thread.
 */
final class GuardedDraft extends Draft_6455 {
    /** Fragments one message may have: browsers send a message as one frame; a few more leave room for proxies. */
    static final int MAX_FRAGMENTS = 64;

    private final int maxMessageBytes;
    private final MaskCheck maskCheck = new MaskCheck();
    private long fragmentBytes;
    private int fragments;

    GuardedDraft(List<IExtension> extensions, List<IProtocol> protocols, int maxMessageBytes) {
        super(extensions, protocols, maxMessageBytes);
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public Draft copyInstance() {
        List<IExtension> extensions = new ArrayList<>();
        for (IExtension extension : getKnownExtensions()) {
            extensions.add(extension.copyInstance());
        }
        List<IProtocol> protocols = new ArrayList<>();
        for (IProtocol protocol : getKnownProtocols()) {
            protocols.add(protocol.copyInstance());
        }
        return new GuardedDraft(extensions, protocols, maxMessageBytes);
    }

    @Override
    public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
        maskCheck.scan(buffer.duplicate());
        return super.translateFrame(buffer);
    }

    @Override
    public void processFrame(WebSocketImpl socket, Framedata frame) throws InvalidDataException {
        Opcode opcode = frame.getOpcode();
        boolean data = opcode == Opcode.TEXT || opcode == Opcode.BINARY || opcode == Opcode.CONTINUOUS;
        if (data && (!frame.isFin() || opcode == Opcode.CONTINUOUS)) {
            fragments++;
            fragmentBytes += frame.getPayloadData().remaining();
            if (fragments > MAX_FRAGMENTS) {
                reset();
                throw new LimitExceededException("a message may have at most " + MAX_FRAGMENTS + " fragments",
                        maxMessageBytes);
            }
            if (fragmentBytes > maxMessageBytes) {
                reset();
                throw new LimitExceededException("message larger than " + maxMessageBytes + " bytes", maxMessageBytes);
            }
            if (frame.isFin()) {
                fragments = 0;
                fragmentBytes = 0;
            }
        }
        super.processFrame(socket, frame);
    }

    /**
     * A frame from {@link OutboundFrame} is already encoded for every connection (this server sends unmasked
     * and negotiates no extension), so each connection gets a view of its bytes instead of a fresh copy.
     */
    @Override
    public ByteBuffer createBinaryFrame(Framedata framedata) {
        if (framedata instanceof PreEncodedFrame encoded) {
            return encoded.wire();
        }
        return super.createBinaryFrame(framedata);
    }

    @Override
    public void reset() {
        super.reset();
        fragments = 0;
        fragmentBytes = 0;
    }

    /**
     * Follows the frame boundaries of the byte stream, across reads, to see each frame's mask bit before
     * the library decodes it. Only the headers are read; payloads are skipped by count.
     */
    private static final class MaskCheck {
        /** Header bytes of the current frame seen so far (at most 14). */
        private final byte[] header = new byte[14];
        private int headerLength;
        private long payloadLeft;

        void scan(ByteBuffer bytes) throws InvalidDataException {
            while (bytes.hasRemaining()) {
                if (payloadLeft > 0) {
                    int skip = (int) Math.min(payloadLeft, bytes.remaining());
                    bytes.position(bytes.position() + skip);
                    payloadLeft -= skip;
                    continue;
                }
                header[headerLength++] = bytes.get();
                if (headerLength == 2 && (header[1] & 0x80) == 0) {
                    throw new InvalidDataException(CloseFrame.PROTOCOL_ERROR, "client frames must be masked");
                }
                if (headerLength >= 2 && headerLength == headerBytes()) {
                    payloadLeft = payloadLength();
                    headerLength = 0;
                }
            }
        }

        /** Header size: 2, plus 2 or 8 for an extended length, plus the 4-byte mask. */
        private int headerBytes() {
            int length = header[1] & 0x7f;
            return 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + 4;
        }

        private long payloadLength() {
            int length = header[1] & 0x7f;
            if (length < 126) {
                return length;
            }
            long value = 0;
            int bytes = length == 126 ? 2 : 8;
            for (int i = 0; i < bytes; i++) {
                value = (value << 8) | (header[2 + i] & 0xff);
            }
            return value < 0 ? Long.MAX_VALUE : value;
        }
    }
}
