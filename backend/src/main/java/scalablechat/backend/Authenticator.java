package scalablechat.backend;

import scalablechat.common.http.HttpJson;
import com.sun.net.httpserver.HttpExchange;
import scalablechat.common.http.HttpJson.HttpError;
import scalablechat.common.InvalidTokenException;
import scalablechat.common.Tokens;

/** Finds who sent a request from its {@code Authorization: Bearer <user token>}, or refuses it with 401. */
final class Authenticator {
    private final Tokens tokens;

    Authenticator(Tokens tokens) {
        this.tokens = tokens;
    }

    String userId(HttpExchange exchange) throws HttpError {
        String token = HttpJson.bearerToken(exchange);
        if (token == null || token.isEmpty()) {
            throw unauthorized(exchange, "missing Authorization: Bearer <token> header");
        }
        try {
            return tokens.verifyUser(token).userId();
        } catch (InvalidTokenException e) {
            throw unauthorized(exchange, "invalid token: " + e.getMessage());
        }
    }

    private static HttpError unauthorized(HttpExchange exchange, String message) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        return new HttpError(401, message);
    }
}
