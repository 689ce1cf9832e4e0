package scalablechat.common.http;

import com.sun.net.httpserver.HttpExchange;
import scalablechat.common.http.HttpJson.HttpError;

import java.io.IOException;
import java.util.List;

/** Answers one route; {@code pathParams} are the values of the route's {@code {...}} segments, in order. */
@FunctionalInterface
public interface Endpoint {
    void handle(HttpExchange exchange, List<String> pathParams) throws IOException, HttpError;
}
