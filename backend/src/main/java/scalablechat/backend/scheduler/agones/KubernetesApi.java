package scalablechat.backend.scheduler.agones;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The few calls the Agones scheduler makes to the Kubernetes API server, as an in-cluster pod makes them: JSON over
 * {@code java.net.http}, the service-account token as a bearer token (read again and the call repeated once when it
 * is refused), and for https, trust in the cluster's CA only.
 */
final class KubernetesApi {
    /** A parsed answer; {@code json} is null when the body is not JSON. */
    record Reply(int status, JsonValue json, String body) {
        JsonObject object() {
            return json != null && json.isObject() ? json.asObject() : new JsonObject();
        }
    }

    private final URI base;
    private final ServiceAccountToken token;
    private final HttpClient http;

    KubernetesApi(AgonesConfig config) {
        this.base = config.api();
        this.token = new ServiceAccountToken(config.tokenFile());
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(AgonesConfig.CALL_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (config.caFile() != null) {
            builder.sslContext(trusting(config.caFile()));
        }
        this.http = builder.build();
    }

    Reply get(String pathAndQuery) throws IOException {
        return send(() -> request(pathAndQuery).timeout(AgonesConfig.CALL_TIMEOUT).GET());
    }

    /** A POST with {@code Content-Type: application/json} (Agones answers 500 to an allocation without it). */
    Reply post(String path, JsonObject body) throws IOException {
        return send(() -> request(path).timeout(AgonesConfig.CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A DELETE, with a body (DeleteOptions) or none. */
    Reply delete(String path, JsonObject body) throws IOException {
        return send(() -> {
            HttpRequest.Builder request = request(path).timeout(AgonesConfig.CALL_TIMEOUT);
            return body == null ? request.DELETE()
                    : request.header("Content-Type", "application/json")
                            .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString()));
        });
    }

    /**
     * A watch: hands each line of the answer (one JSON event each) to {@code onLine} until the server ends the
     * stream. Returns the HTTP status; a non-200 answer's body is not read as events.
     */
    int watch(String pathAndQuery, Consumer<String> onLine) throws IOException {
        HttpResponse<Stream<String>> response = sendOnce(request(pathAndQuery).GET(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() == 401) {
            response.body().close();
            token.refresh();
            response = sendOnce(request(pathAndQuery).GET(), HttpResponse.BodyHandlers.ofLines());
        }
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() == 200) {
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    onLine.accept(it.next());
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return response.statusCode();
    }

    private interface RequestMaker {
        HttpRequest.Builder make() throws IOException;
    }

    private Reply send(RequestMaker maker) throws IOException {
        HttpResponse<String> response = sendOnce(maker.make(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            token.refresh(); // rotated under us: read it again and try once more
            response = sendOnce(maker.make(), HttpResponse.BodyHandlers.ofString());
        }
        return new Reply(response.statusCode(), parse(response.body()), response.body());
    }

    private <T> HttpResponse<T> sendOnce(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request.header("Authorization", "Bearer " + token.get()).build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling the Kubernetes API");
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Accept", "application/json");
    }

    private static JsonValue parse(String body) {
        try {
            return body == null || body.isBlank() ? null : Json.parse(body);
        } catch (ParseException e) {
            return null;
        }
    }

    /** An SSL context that trusts the certificates of {@code caFile} and nothing else. */
    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new scalablechat.common.Env.ConfigException("KUBERNETES_CA_FILE: no certificate in " + caFile);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new scalablechat.common.Env.ConfigException("KUBERNETES_CA_FILE: cannot read " + caFile + ": " + e.getMessage());
        }
    }
}
