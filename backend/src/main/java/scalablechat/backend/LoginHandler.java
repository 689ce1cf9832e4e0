package scalablechat.backend;

import scalablechat.common.http.Endpoint;
import scalablechat.common.http.HttpJson;
import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import scalablechat.common.http.HttpJson.HttpError;
import scalablechat.common.Tokens;
import scalablechat.common.UserIds;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /api/login {"userId": "alice"}} gives a user token. There are no passwords: like the
 * original, a name is all it takes, and the token only proves which name the user chose.
 */
final class LoginHandler implements Endpoint {
    private final Tokens tokens;

    LoginHandler(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(HttpExchange exchange, List<String> pathParams) throws IOException, HttpError {
        JsonObject body = HttpJson.readObject(exchange);
        // strip, not trim: trim would also eat control characters that must be refused
        String userId = HttpJson.requiredString(body, "userId").strip();
        String problem = UserIds.validate(userId);
        if (problem != null) {
            throw new HttpError(400, problem);
        }
        HttpJson.send(exchange, 200, Json.object().add("token", tokens.userToken(userId)));
    }
}
