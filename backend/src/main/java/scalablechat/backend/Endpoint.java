package scalablechat.backend;

import com.sun.net.httpserver.HttpExchange;
import scalablechat.common.HttpJson.HttpError;

import java.io.IOException;
import java.util.List;

/** Answers one route; {@code pathParams} are the values of the route's {@code {...}} segments, in order. */
@FunctionalInterface
interface Endpoint {
    void handle(HttpExchange exchange, List<String> pathParams) throws IOException, HttpError;
}
