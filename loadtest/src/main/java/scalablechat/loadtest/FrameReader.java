package scalablechat.loadtest;

/** Turns one complete text message from a session server (its UTF-8 bytes) into events on the connection that got it. */
interface FrameReader {
    void read(byte[] frame, int offset, int length, ChatConnection receiver);
}
