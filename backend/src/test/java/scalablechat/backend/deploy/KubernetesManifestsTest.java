package scalablechat.backend.deploy;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * deploy/kubernetes/ can't be applied here (no cluster; even {@code kubectl --dry-run=client} needs one for
 * discovery), so this parses every manifest and checks it: the Agones kinds against Agones' published CRD schemas,
 * the built-in kinds against Kubernetes' OpenAPI definitions (both vendored in test resources, see their NOTICE
 * files), and what the code relies on (a TCP port named ws, the rooms list, the Role's verbs, the settings the
 * backend reads).
 */
class KubernetesManifestsTest {
    private static final Path DIR = DeploymentFilesTest.findRoot().resolve("deploy/kubernetes");

    private static List<JsonObject> all() throws IOException {
        List<JsonObject> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonObject document : ManifestYaml.documents(Files.readString(file))) {
                    document.add("__file", file.getFileName().toString());
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static JsonObject one(String kind) throws IOException {
        List<JsonObject> found = all().stream().filter(d -> kind.equals(d.getString("kind", ""))).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.getFirst();
    }

    private static JsonObject schema(String name) throws IOException {
        return resource("/schemas/agones/" + name);
    }

    private static JsonObject resource(String name) throws IOException {
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).asObject();
        }
    }

    /** The object without what the API server checks apart from a CRD's schema (apiVersion, kind, metadata). */
    private static JsonObject body(JsonObject document) {
        JsonObject copy = Json.parse(document.toString()).asObject();
        for (String apart : List.of("__file", "apiVersion", "kind", "metadata")) {
            copy.remove(apart);
        }
        return copy;
    }

    @Test
    void everyManifestParsesAndNamesItsKindVersionAndNamespace() throws IOException {
        Set<String> kinds = new TreeSet<>();
        for (JsonObject document : all()) {
            String where = document.getString("__file", "") + " " + document.getString("kind", "?");
            assertTrue(document.get("apiVersion") != null && document.get("apiVersion").isString(), where + ": apiVersion");
            JsonObject metadata = document.get("metadata").asObject();
            assertTrue(metadata.getString("name", "").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), where + ": name");
            if (!"Namespace".equals(document.getString("kind", ""))) {
                assertEquals("scalable-chat", metadata.getString("namespace", null), where + ": namespace");
            }
            kinds.add(document.getString("apiVersion", "") + " " + document.getString("kind", ""));
        }
        assertEquals(new TreeSet<>(List.of("agones.dev/v1 Fleet", "apps/v1 Deployment", "autoscaling.agones.dev/v1 FleetAutoscaler",
                "rbac.authorization.k8s.io/v1 Role", "rbac.authorization.k8s.io/v1 RoleBinding", "v1 Namespace",
                "v1 PersistentVolumeClaim", "v1 Secret", "v1 Service", "v1 ServiceAccount")), kinds);
    }

    @Test
    void theAgonesKindsConformToAgonesSchemas() throws IOException {
        assertEquals(List.of(), OpenApiSchema.violations(schema("Fleet.v1.json"), body(one("Fleet"))));
        assertEquals(List.of(), OpenApiSchema.violations(schema("FleetAutoscaler.v1.json"), body(one("FleetAutoscaler"))));
    }

    @Test
    void theBuiltInKindsConformToKubernetesOpenApi() throws IOException {
        JsonObject vendored = resource("/schemas/kubernetes/definitions.json");
        JsonObject definitions = vendored.get("definitions").asObject();
        JsonObject kinds = vendored.get("kinds").asObject();
        int checked = 0;
        for (JsonObject document : all()) {
            String kind = document.getString("apiVersion", "") + " " + document.getString("kind", "");
            String definition = kinds.getString(kind, null);
            if (definition == null) {
                continue; // the Agones kinds, checked above
            }
            JsonObject copy = Json.parse(document.toString()).asObject();
            copy.remove("__file");
            JsonObject schema = Json.object().add("$ref", "#/definitions/" + definition);
            assertEquals(List.of(), OpenApiSchema.violations(schema, copy, definitions), kind);
            checked++;
        }
        assertEquals(8, checked, "every built-in kind of deploy/kubernetes");
        JsonObject service = Json.parse(one("Service").toString()).asObject();
        service.remove("__file");
        service.get("spec").asObject().add("selectr", Json.object());
        assertTrue(OpenApiSchema.violations(Json.object().add("$ref", "#/definitions/io.k8s.api.core.v1.Service"),
                service, definitions).stream().anyMatch(v -> v.contains("selectr: unknown field")), "a typo is caught");
    }

    @Test
    void theCheckerCatchesTheMistakesItIsThereFor() throws IOException {
        JsonObject fleet = body(one("Fleet"));
        JsonObject port = fleet.get("spec").asObject().get("template").asObject().get("spec").asObject()
                .get("ports").asArray().get(0).asObject();
        port.set("protocol", "WebSocket");
        port.add("hostPortt", 7000);
        List<String> violations = OpenApiSchema.violations(schema("Fleet.v1.json"), fleet);
        assertTrue(violations.stream().anyMatch(v -> v.contains("protocol") && v.contains("not one of")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("hostPortt: unknown field")), violations.toString());
        JsonObject scaler = body(one("FleetAutoscaler"));
        scaler.get("spec").asObject().get("policy").asObject().get("list").asObject().set("maxCapacity", "500");
        assertTrue(OpenApiSchema.violations(schema("FleetAutoscaler.v1.json"), scaler).stream()
                .anyMatch(v -> v.contains("maxCapacity: must be integer")));
    }

    @Test
    void theBackendPodTemplateConformsToKubernetesPodTemplateSpec() throws IOException {
        JsonObject podTemplate = schema("Fleet.v1.json").get("properties").asObject().get("spec").asObject()
                .get("properties").asObject().get("template").asObject().get("properties").asObject()
                .get("spec").asObject().get("properties").asObject().get("template").asObject();
        JsonObject deployment = one("Deployment");
        JsonValue template = deployment.get("spec").asObject().get("template");
        assertEquals(List.of(), OpenApiSchema.violations(podTemplate, template));
        JsonObject spec = deployment.get("spec").asObject();
        assertEquals(2, spec.getInt("replicas", 0), "two replicas that share nothing but the Kubernetes API");
        assertEquals(spec.get("selector").asObject().get("matchLabels"),
                template.asObject().get("metadata").asObject().get("labels"), "the selector matches the pods");
    }

    @Test
    void theFleetGivesWhatTheSchedulerAndSessionServersUse() throws IOException {
        JsonObject fleet = one("Fleet");
        assertEquals("scalable-chat", fleet.get("metadata").asObject().getString("name", null), "AGONES_FLEET's default");
        JsonObject gameServer = fleet.get("spec").asObject().get("template").asObject().get("spec").asObject();
        JsonObject port = gameServer.get("ports").asArray().get(0).asObject();
        assertEquals("ws", port.getString("name", null));
        assertEquals("TCP", port.getString("protocol", null), "WebSockets need TCP; Agones defaults to UDP");
        int rooms = gameServer.get("lists").asObject().get("rooms").asObject().getInt("capacity", 0);
        assertTrue(rooms >= 1 && rooms <= 1000, "an Agones List holds at most 1000 values");
        JsonObject container = gameServer.get("template").asObject().get("spec").asObject().get("containers").asArray().get(0).asObject();
        assertEquals(port.getInt("containerPort", 0), Integer.parseInt(env(container).get("PORT")), "the session server listens on the ws port");
        assertEquals("jwt-secret", container.get("env").asArray().values().stream().map(JsonValue::asObject)
                .filter(e -> e.getString("name", "").equals("JWT_SECRET")).findFirst().orElseThrow()
                .get("valueFrom").asObject().get("secretKeyRef").asObject().getString("key", null));
        int health = gameServer.get("health").asObject().getInt("periodSeconds", 0);
        assertTrue(health > 2, "longer than the session server's 2 s health reports");

        JsonObject scaler = one("FleetAutoscaler").get("spec").asObject();
        assertEquals("scalable-chat", scaler.getString("fleetName", null));
        JsonObject list = scaler.get("policy").asObject().get("list").asObject();
        assertEquals("rooms", list.getString("key", null));
        assertTrue(list.getInt("maxCapacity", 0) >= list.getInt("minCapacity", 0));
    }

    @Test
    void theBackendMayDoExactlyWhatTheSchedulerDoes() throws IOException {
        JsonObject role = one("Role");
        Map<String, Set<String>> allowed = new java.util.TreeMap<>();
        for (JsonValue rule : role.get("rules").asArray()) {
            JsonObject r = rule.asObject();
            for (JsonValue group : r.get("apiGroups").asArray()) {
                for (JsonValue resource : r.get("resources").asArray()) {
                    Set<String> verbs = new TreeSet<>();
                    r.get("verbs").asArray().forEach(v -> verbs.add(v.asString()));
                    allowed.put(group.asString() + "/" + resource.asString(), verbs);
                }
            }
        }
        assertEquals(Map.of("allocation.agones.dev/gameserverallocations", Set.of("create"),
                "agones.dev/gameservers", Set.of("get", "list", "watch"),
                "coordination.k8s.io/leases", Set.of("create", "get", "delete")), allowed);
        JsonObject binding = one("RoleBinding");
        assertEquals(role.get("metadata").asObject().getString("name", ""),
                binding.get("roleRef").asObject().getString("name", null));
        String account = binding.get("subjects").asArray().get(0).asObject().getString("name", null);
        assertEquals(account, one("ServiceAccount").get("metadata").asObject().getString("name", null));
        JsonObject pod = one("Deployment").get("spec").asObject().get("template").asObject().get("spec").asObject();
        assertEquals(account, pod.getString("serviceAccountName", null), "the backend runs as that account");
        Map<String, String> env = env(pod.get("containers").asArray().get(0).asObject());
        assertEquals("agones", env.get("SCHEDULER"));
        JsonObject service = one("Service").get("spec").asObject();
        assertEquals(pod.get("containers").asArray().get(0).asObject().get("ports").asArray().get(0).asObject().getString("name", null),
                service.get("ports").asArray().get(0).asObject().getString("targetPort", null));
        Set<String> secretKeys = one("Secret").get("stringData").asObject().names().stream().collect(java.util.stream.Collectors.toSet());
        assertTrue(secretKeys.containsAll(Set.of("jwt-secret", "admin-token")), secretKeys.toString());
        assertEquals(List.of("ReadWriteMany"), one("PersistentVolumeClaim").get("spec").asObject().get("accessModes").asArray()
                .values().stream().map(JsonValue::asString).toList(), "history follows a room only on a shared volume");
    }

    @Test
    void theReaderRefusesYamlItCannotReadRatherThanMisreadingIt() {
        for (String bad : List.of("a:\n  b: |\n    text", "a: &anchor x", "a:\n\tb: 1", "a: \"open")) {
            try {
                ManifestYaml.documents(bad);
                fail("read: " + bad);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
        JsonObject read = ManifestYaml.documents("a: 1 # c\nb:\n- x: \"y # not a comment\"\n  z: [p, 'q']\nc: {}\n").getFirst();
        assertEquals("{\"a\":1,\"b\":[{\"x\":\"y # not a comment\",\"z\":[\"p\",\"q\"]}],\"c\":{}}", read.toString());
    }

    private static Map<String, String> env(JsonObject container) {
        Map<String, String> env = new java.util.HashMap<>();
        for (JsonValue entry : container.get("env").asArray()) {
            JsonObject e = entry.asObject();
            env.put(e.getString("name", ""), e.getString("value", null));
        }
        return env;
    }
}
