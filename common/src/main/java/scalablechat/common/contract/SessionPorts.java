package scalablechat.common.contract;

/** Where a session server listens: clients on its port, backends and operators on its internal port. */
public final class SessionPorts {
    /** A session server's internal port is its port + this unless told otherwise, so servers on one machine differ by PORT alone. */
    public static final int INTERNAL_PORT_OFFSET = 1000;
    public static final int MAX_PORT = 65_535;

    private SessionPorts() {}

    /** The internal port that goes with {@code port} by default. */
    public static int internalPortOf(int port) {
        return port + INTERNAL_PORT_OFFSET;
    }
}
