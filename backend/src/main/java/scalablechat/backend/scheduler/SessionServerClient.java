package scalablechat.backend.scheduler;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import scalablechat.common.Tokens;
import scalablechat.common.contract.InternalApi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls the internal HTTP API of session servers ({@link InternalApi}, docs/API.md) with an internal token.
 * Every call is bounded by {@code timeout}, so a hung server costs a request at most that long.
 * Thread-safe; calls block, which is fine on the backend's virtual threads.
 */
public final class SessionServerClient implements AutoCloseable {
    /** Answers bigger than this are not a session server's; status lists at most a few hundred rooms. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /** CONFLICT: another process holds the room's log (it is still hosted elsewhere). */
    public enum Admission { ADMITTED, FULL, DRAINING, CONFLICT }

    public enum Presence { OPEN, STORED, ABSENT }

    /** Reads the body unless the server announces more than MAX_ANSWER_BYTES (then the body is null). */
    private static final HttpResponse.BodyHandler<byte[]> CAPPED_BODY = info ->
            info.headers().firstValueAsLong("Content-Length").orElse(0) > MAX_ANSWER_BYTES
                    ? HttpResponse.BodySubscribers.replacing(null)
                    : HttpResponse.BodySubscribers.ofByteArray();

    /**
     * How long one signed internal token is reused: a fifth of its lifetime, so it has minutes to spare
     * against clock skew, and signing stays off the path of nearly every call.
     */
    static final Duration INTERNAL_TOKEN_REUSE = Tokens.INTERNAL_TOKEN_LIFETIME.dividedBy(5);

    private record SignedToken(String value, long renewAtNanos) {}

    private final Tokens tokens;
    private volatile SignedToken internalToken;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    public SessionServerClient(Tokens tokens, Duration timeout) {
        this.tokens = tokens;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public ServerStatus status(SessionServerAddress server) throws SessionServerUnreachableException {
        Answer answer = call(server, "GET", InternalApi.STATUS);
        if (answer.status != 200) {
            throw unexpected(server, answer);
        }
        try {
            return ServerStatus.of(InternalApi.Status.fromJson(answer.json));
        } catch (RuntimeException e) {
            throw new SessionServerUnreachableException(server + " sent a status we can't read: " + answer.json);
        }
    }

    /** Opens {@code roomId} on {@code server} if it has room for it; the server decides atomically. */
    public Admission admit(SessionServerAddress server, String roomId) throws SessionServerUnreachableException {
        Answer answer = call(server, "PUT", InternalApi.room(roomId));
        return switch (answer.status) {
            case 200 -> Admission.ADMITTED;
            case 503 -> admissionRefused(answer.json.getString("error", ""));
            case 409 -> Admission.CONFLICT;
            default -> throw unexpected(server, answer);
        };
    }

    /**
     * What a 503 to an admission means: draining, full (or unable to open the room), or the room is being
     * opened there already (its history still loading), which counts as admitted: clients go there.
     */
    private static Admission admissionRefused(String error) {
        if (error.contains(InternalApi.DRAINING)) {
            return Admission.DRAINING;
        }
        return error.contains(InternalApi.STILL_LOADING) ? Admission.ADMITTED : Admission.FULL;
    }

    /** Whether {@code GET /readyz} says ready: false while it starts, drains, or can't be reached. */
    public boolean ready(SessionServerAddress server) {
        try {
            return call(server, "GET", InternalApi.READYZ).status == 200;
        } catch (SessionServerUnreachableException e) {
            return false;
        }
    }

    /** Starts the server's graceful drain ({@code POST /internal/drain}), as SIGTERM would. */
    public void drain(SessionServerAddress server) throws SessionServerUnreachableException {
        Answer answer = call(server, "POST", InternalApi.DRAIN);
        if (answer.status != 202) {
            throw unexpected(server, answer);
        }
    }

    public Presence presence(SessionServerAddress server, String roomId) throws SessionServerUnreachableException {
        Answer answer = call(server, "GET", InternalApi.room(roomId));
        return switch (answer.status) {
            case 200 -> Presence.OPEN;
            case 404 -> InternalApi.RoomNotOpen.fromJson(answer.json).stored() ? Presence.STORED : Presence.ABSENT;
            default -> throw unexpected(server, answer);
        };
    }

    private record Answer(int status, JsonObject json) {}

    private Answer call(SessionServerAddress server, String method, String path)
            throws SessionServerUnreachableException {
        URI uri = server.internalUri(path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + internalToken())
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<byte[]> response;
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, CAPPED_BODY);
        try {
            // The request timeout stops at the response headers; this bounds the body too.
            response = pending.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new SessionServerUnreachableException(server + " did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new SessionServerUnreachableException(server + " did not answer within " + timeout.toMillis() + " ms");
            }
            throw new SessionServerUnreachableException(server + " is unreachable at " + uri.getAuthority() + ": " + cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SessionServerUnreachableException("interrupted while calling " + server);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw SessionServerUnreachableException.tokenRejected(server);
        }
        byte[] body = response.body();
        if (body == null) {
            throw new SessionServerUnreachableException(server + " sent an answer over " + MAX_ANSWER_BYTES + " bytes");
        }
        try {
            JsonValue json = Json.parse(new String(body, StandardCharsets.UTF_8));
            if (!json.isObject()) {
                throw new SessionServerUnreachableException(server + " sent JSON that is not an object");
            }
            return new Answer(response.statusCode(), json.asObject());
        } catch (ParseException e) {
            throw new SessionServerUnreachableException(server + " sent a non-JSON answer (status "
                    + response.statusCode() + ")");
        }
    }

    /** The current internal token; several threads may renew it at once, which only costs a signature each. */
    private String internalToken() {
        SignedToken current = internalToken;
        if (current == null || current.renewAtNanos() - System.nanoTime() <= 0) {
            current = new SignedToken(tokens.internalToken(), System.nanoTime() + INTERNAL_TOKEN_REUSE.toNanos());
            internalToken = current;
        }
        return current.value();
    }

    private static SessionServerUnreachableException unexpected(SessionServerAddress server, Answer answer) {
        return new SessionServerUnreachableException(server + " answered " + answer.status + " " + answer.json);
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
