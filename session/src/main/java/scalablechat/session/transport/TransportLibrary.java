package scalablechat.session.transport;

import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The Java-WebSocket release this server is written and tested against. Our transport code relies on the library's
 * internals (this package's README.md lists each reliance with the test that guards it), so another release is refused at
 * start rather than trusted: check that list against the new release, then change {@link #EXPECTED_VERSION}.
 */
final class TransportLibrary {
    static final String EXPECTED_VERSION = "1.6.0";
    private static final String POM_PROPERTIES = "/META-INF/maven/org.java-websocket/Java-WebSocket/pom.properties";

    private TransportLibrary() {}

    /** Throws, saying why, unless the Java-WebSocket on the class path is {@link #EXPECTED_VERSION}. */
    static void check() throws IOException {
        check(version());
    }

    static void check(String found) throws IOException {
        if (!EXPECTED_VERSION.equals(found)) {
            throw new IOException("Java-WebSocket " + (found == null ? "of an unknown version" : found)
                    + " is on the class path, but this server relies on the internals of " + EXPECTED_VERSION
                    + " (session/src/main/java/scalablechat/session/transport/README.md); build it with " + EXPECTED_VERSION);
        }
    }

    /** The version in the library jar's Maven metadata, or null when it has none. */
    static String version() {
        try (InputStream in = WebSocketServer.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
