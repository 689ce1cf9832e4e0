package scalablechat.common.http;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** JSON requests and responses over the JDK's HTTP server, with the error shape both servers use. */
public final class HttpJson {
    /** Largest request body either server reads; bigger ones get 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private HttpJson() {}

    /** A request the handler refuses; turned into {@code {"error": message}} with the status. */
    public static final class HttpError extends Exception {
        private final int status;

        public HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public static void send(HttpExchange exchange, int status, JsonValue body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, Json.object().add("error", message));
    }

    /** Reads the body as a JSON object: 413 when too large, 400 when not a JSON object. */
    public static JsonObject readObject(HttpExchange exchange) throws IOException, HttpError {
        String text = new String(readBody(exchange), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new HttpError(400, "request body must be a JSON object");
        }
        try {
            JsonValue value = Json.parse(text);
            if (!value.isObject()) {
                throw new HttpError(400, "request body must be a JSON object");
            }
            return value.asObject();
        } catch (ParseException e) {
            throw new HttpError(400, "malformed JSON: " + e.getMessage());
        }
    }

    public static byte[] readBody(HttpExchange exchange) throws IOException, HttpError {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
                    throw new HttpError(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new HttpError(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    /** The string member {@code name}, or a 400 naming it. */
    public static String requiredString(JsonObject body, String name) throws HttpError {
        JsonValue value = body.get(name);
        if (value == null || value.isNull()) {
            throw new HttpError(400, "missing field " + name);
        }
        if (!value.isString()) {
            throw new HttpError(400, "field " + name + " must be a string");
        }
        return value.asString();
    }

    /** The bearer token of the request, or null. */
    public static String bearerToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return null;
        }
        header = header.trim();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }
}
