package scalablechat.loadtest;

/** Turns one complete text frame from a session server into events on the connection that received it. */
interface FrameReader {
    void read(CharSequence frame, ChatConnection receiver);
}
