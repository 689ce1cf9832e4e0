// Every limit and timing the client uses, in one place (docs/CLIENT.md, "Limits and timings", lists them).

/** The server's limit on one message (MAX_MESSAGE_CHARS), in code points after trailing whitespace is trimmed. */
export const MAX_MESSAGE_LENGTH = 1000;
/** The character counter appears from this length on. */
export const COUNTER_VISIBLE_FROM = 900;

/** The server's rule for room ids (scalablechat.common.RoomIds). */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The WebSocket subprotocol the client speaks. */
export const PROTOCOL = 'scalable-chat.v2';

/** Reconnect backoff: the first retry waits about this long, then twice as long each time, up to the cap. */
export const RECONNECT_BASE_MS = 300;
export const RECONNECT_MAX_MS = 8000;
/** After a drain (close 1001) the room is already elsewhere: retry about this soon. */
export const RECONNECT_AFTER_DRAIN_MS = 100;
/**
 * While the backend itself cannot be reached (a restart), retries come at least this often, so chat is back
 * within about a second of the backend, however long it was away (issue 14: under 3 s after a restart).
 */
export const BACKEND_DOWN_RETRY_MAX_MS = 1000;
/** How long a room that was open keeps retrying an unreachable backend before it shows "Disconnected". */
export const BACKEND_DOWN_PATIENCE_MS = 5 * 60 * 1000;
/** Attempts in a row before the room shows "Disconnected" and waits for the Reconnect button. */
export const RECONNECT_ATTEMPTS = 12;
/** Attempts in a row before a room that never connected shows the connection error (Try Again). */
export const FIRST_CONNECT_ATTEMPTS = 4;
/** A connection that opens but sends no welcome within this time is given up and retried. */
export const WELCOME_TIMEOUT_MS = 10000;
/**
 * A frozen or unplugged server leaves the socket looking open, so the client watches for silence: a send after
 * which nothing at all is heard for this long means the connection is dead, and so does a missed heartbeat.
 */
export const SEND_ANSWER_TIMEOUT_MS = 5000;
/** How late the server's heartbeat (`ping` every `heartbeatSeconds` of the welcome) may be before that. */
export const HEARTBEAT_SLACK_MS = 2000;
/** How often the client checks for that silence while connected. */
export const LIVENESS_CHECK_MS = 500;

/** While the user types, a typing hint goes out at most this often (the server passes on one a second). */
export const TYPING_SEND_INTERVAL_MS = 2000;
/** "ana is typing…" stays this long after ana's last hint, unless her message or leave comes first. */
export const TYPING_SHOW_MS = 4000;

/**
 * Own messages are paced under the allowance the server announces in its welcome (SEND_RATE_PER_SECOND and
 * SEND_RATE_BURST): at this share of its rate, with this many fewer at once, to allow for the network's jitter.
 */
export const SEND_RATE_MARGIN = 0.9;
export const SEND_BURST_MARGIN = 2;
/** A "slow down" from the server halves that pace, down to this many a second, until none came for this long. */
export const SLOWED_MIN_PER_SECOND = 1;
export const SLOWED_FOR_MS = 10000;

/** How often the fleet page asks the backend for the fleet. */
export const FLEET_POLL_MS = 1000;
/** How often it asks for the charts' points (the backend takes one every FLEET_CHART_SAMPLE_MS, 5 s by default). */
export const FLEET_CHARTS_POLL_MS = 5000;

/** How long a transient notice ("Copied!", "Slow down") stays. */
export const NOTICE_MS = 3000;

/** The message list scrolls to the newest message only when the reader is this close to the bottom. */
export const STICKY_SCROLL_PX = 80;

/** Older messages are asked for a page at a time, this many (the server's most, HISTORY_PAGE_MESSAGES). */
export const HISTORY_PAGE_SIZE = 100;
/** The next page is asked for when the reader scrolls to within this distance of the oldest message shown. */
export const LOAD_OLDER_PX = 300;
/** After the server said "slow down" or could not read the page, ask again this much later. */
export const HISTORY_RETRY_MS = 1000;

/** The room keeps at most this many lines in memory and on screen; older ones scroll away for good. */
export const TIMELINE_LIMIT = 1000;
/** A connection that lasted this long counts as healthy: the next loss starts the backoff from scratch. */
export const STABLE_CONNECTION_MS = 5000;
