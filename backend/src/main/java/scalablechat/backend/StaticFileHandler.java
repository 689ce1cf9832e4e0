package scalablechat.backend;

import scalablechat.common.http.Endpoint;
import com.sun.net.httpserver.HttpExchange;
import scalablechat.common.http.HttpJson.HttpError;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Serves the web client's files (GET and HEAD) from one directory, as a single-page app: a path with no
 * file and no extension, such as {@code /room/abc}, gets {@code index.html}, and the client routes it.
 *
 * <p>Path traversal is refused by shape before the file system is touched: every segment of the raw
 * path must be plain {@code [A-Za-z0-9_.~-]} and not start with a dot. That rules out {@code ..},
 * percent-encoding of any depth ({@code %2e%2e}, {@code %2f}, {@code %252e}, {@code %00}, {@code %5c}),
 * hidden files and empty segments, all with 404. The client's files have plain names, so nothing is lost.
 * As a second line, the resolved real path must still be inside the directory (no symlinks out).
 */
final class StaticFileHandler implements Endpoint {
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9_.~-]*");
    private static final String INDEX = "index.html";
    /**
     * index.html's meta policy, plus what only a header can say: no site may frame the app (clickjacking).
     * StaticFilesTest keeps the two in step.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final Path root;

    StaticFileHandler(Path root) {
        this.root = root;
    }

    @Override
    public void handle(HttpExchange exchange, List<String> pathParams) throws IOException, HttpError {
        String rawPath = exchange.getRequestURI().getRawPath();
        Path file = resolve(rawPath);
        if (file == null) {
            throw new HttpError(404, "not found");
        }
        send(exchange, file);
    }

    /** The file to answer {@code rawPath} with, or null for 404. */
    private Path resolve(String rawPath) throws IOException {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        String relative = rawPath.substring(1);
        boolean directory = relative.isEmpty() || relative.endsWith("/");
        if (directory && !relative.isEmpty()) {
            relative = relative.substring(0, relative.length() - 1);
        }
        String[] segments = relative.isEmpty() ? new String[0] : relative.split("/", -1);
        for (String segment : segments) {
            if (!SAFE_SEGMENT.matcher(segment).matches()) {
                return null;
            }
        }
        Path candidate = root.resolve(relative).normalize();
        if (Files.isDirectory(candidate)) {
            candidate = candidate.resolve(INDEX);
        } else if (directory) {
            candidate = null;
        }
        if (candidate != null && isServable(candidate)) {
            return candidate;
        }
        String last = segments.length == 0 ? "" : segments[segments.length - 1];
        if (last.contains(".")) {
            return null; // a missing asset is a 404, not the app's HTML in disguise
        }
        Path index = root.resolve(INDEX);
        return isServable(index) ? index : null;
    }

    private boolean isServable(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return false;
        }
        return file.toRealPath().startsWith(root.toRealPath());
    }

    private static void send(HttpExchange exchange, Path file) throws IOException {
        long size = Files.size(file);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", ContentTypes.of(file.getFileName().toString()));
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY"); // for browsers older than frame-ancestors
        // Revalidate every time: the files change with each build and are small.
        headers.set("Cache-Control", "no-cache");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            headers.set("Content-Length", Long.toString(size));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
            in.transferTo(out);
        }
    }
}
