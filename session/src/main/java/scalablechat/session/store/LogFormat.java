package scalablechat.session.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The bytes of a room log (docs/STORAGE.md has the same in prose). Big-endian throughout.
 * <pre>
 * file    = header record*
 * header  = magic "SCROOMLG" (8 bytes), version u32 (= 1)
 * record  = length u32, crc u32 (CRC32C of the payload), payload (length bytes)
 * payload = id i64, timestampMillis i64, flags u8 (bit 0: has cid), userId str, text str, [cid str]
 * str     = byteLength u32, UTF-8 bytes
 * </pre>
 */
final class LogFormat {
    static final int VERSION = 1;
    static final int HEADER_BYTES = 12;
    static final int RECORD_HEADER_BYTES = 8;
    /** Larger than any message the protocols accept (1000 characters); a bigger length field means garbage. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final int MIN_PAYLOAD_BYTES = 8 + 8 + 1 + 4 + 4;

    private static final byte[] MAGIC = {'S', 'C', 'R', 'O', 'O', 'M', 'L', 'G'};
    private static final int FLAG_CID = 1;

    private LogFormat() {}

    static ByteBuffer header() {
        return ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(VERSION).flip();
    }

    /** True when {@code start} could be the beginning of a header this version writes (a torn first write). */
    static boolean isPrefixOfHeader(byte[] start) {
        byte[] full = header().array();
        return start.length <= full.length && Arrays.equals(start, Arrays.copyOf(full, start.length));
    }

    static boolean hasMagic(ByteBuffer header) {
        byte[] magic = new byte[MAGIC.length];
        header.get(0, magic);
        return Arrays.equals(magic, MAGIC);
    }

    static int version(ByteBuffer header) {
        return header.getInt(MAGIC.length);
    }

    /**
     * Encodes everything of a message but its id, on the caller's thread, so that the writer only
     * concatenates bytes. Refuses what it could not store faithfully.
     */
    static byte[] encodeBody(NewMessage m) {
        byte[] userId = utf8("userId", m.userId());
        byte[] text = utf8("text", m.text());
        byte[] cid = m.cid() == null ? null : utf8("cid", m.cid());
        int size = 8 + 1 + 4 + userId.length + 4 + text.length + (cid == null ? 0 : 4 + cid.length);
        if (8 + size > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("message too large to store: " + (8 + size) + " bytes, at most "
                    + MAX_PAYLOAD_BYTES);
        }
        ByteBuffer body = ByteBuffer.allocate(size)
                .putLong(m.timestampMillis())
                .put((byte) (cid == null ? 0 : FLAG_CID));
        body.putInt(userId.length).put(userId).putInt(text.length).put(text);
        if (cid != null) {
            body.putInt(cid.length).put(cid);
        }
        return body.array();
    }

    static int recordBytes(byte[] body) {
        return RECORD_HEADER_BYTES + 8 + body.length;
    }

    /** Writes one whole record for message {@code id} at {@code out}'s position. */
    static void putRecord(ByteBuffer out, long id, byte[] body) {
        int start = out.position();
        int payloadStart = start + RECORD_HEADER_BYTES;
        out.putInt(8 + body.length).putInt(0).putLong(id).put(body);
        out.putInt(start + 4, crc(out.duplicate().position(payloadStart).limit(out.position())));
    }

    static int crc(ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** Decodes a payload whose checksum matched; throws {@link CorruptRecordException} when it is not one we wrote. */
    static StoredMessage decode(ByteBuffer payload) {
        try {
            long id = payload.getLong();
            long timestamp = payload.getLong();
            int flags = payload.get();
            if ((flags & ~FLAG_CID) != 0) {
                throw new CorruptRecordException("unknown flags " + flags);
            }
            String userId = string(payload);
            String text = string(payload);
            String cid = (flags & FLAG_CID) != 0 ? string(payload) : null;
            if (payload.hasRemaining()) {
                throw new CorruptRecordException(payload.remaining() + " bytes after the message");
            }
            if (id < 1) {
                throw new CorruptRecordException("message id " + id);
            }
            return new StoredMessage(id, userId, text, timestamp, cid);
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptRecordException("payload shorter than its fields");
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new CorruptRecordException("string length " + Integer.toUnsignedString(length));
        }
        ByteBuffer bytes = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptRecordException("invalid UTF-8");
        }
    }

    private static byte[] utf8(String field, String value) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            return Arrays.copyOf(bytes.array(), bytes.limit());
        } catch (CharacterCodingException e) {
            // A lone UTF-16 surrogate (JSON allows "\ud800") has no UTF-8 form; storing '?' instead would
            // make history differ from what was broadcast.
            throw new IllegalArgumentException(field + " is not valid Unicode (lone surrogate)");
        }
    }

    /** A record whose checksum matched but whose contents are not a message of this format. */
    static final class CorruptRecordException extends RuntimeException {
        CorruptRecordException(String message) {
            super(message, null, false, false);
        }
    }
}
