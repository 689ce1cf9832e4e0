package scalablechat.backend.deploy;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Dockerfiles and systemd units can't be run here (no Docker engine, no systemd), so this checks
 * what they promise against the build: the jar each module's pom produces, the JDK the code needs,
 * the ports the servers listen on by default, a non-root user, and {@code java -jar} as entry point.
 */
class DeploymentFilesTest {
    private static final Path ROOT = findRoot();
    /** Defaults documented in docs/CONFIG.md and docs/ARCHITECTURE.md. */
    private static final int BACKEND_PORT = 8080;
    private static final int SESSION_PORT = 8000;
    private static final int SESSION_INTERNAL_PORT = SESSION_PORT + 1000;

    record Instruction(String keyword, String args) {}

    @Test
    void backendImage() throws IOException {
        List<Instruction> file = checkImage("backend");
        assertEquals(Set.of(BACKEND_PORT), exposed(file));
        assertEquals("PORT=" + BACKEND_PORT, envOf(file, "PORT"));
        assertTrue(file.stream().anyMatch(i -> i.keyword().equals("COPY") && i.args().matches("client/?\\s+/app/client/?")),
                "the backend serves the web client's files");
    }

    @Test
    void sessionImage() throws IOException {
        List<Instruction> file = checkImage("session");
        assertEquals(Set.of(SESSION_PORT, SESSION_INTERNAL_PORT), exposed(file));
        assertEquals("PORT=" + SESSION_PORT, envOf(file, "PORT"));
        assertEquals("INTERNAL_PORT=" + SESSION_INTERNAL_PORT, envOf(file, "INTERNAL_PORT"));
        String dataDir = envOf(file, "DATA_DIR").substring("DATA_DIR=".length());
        assertTrue(file.stream().anyMatch(i -> i.keyword().equals("VOLUME") && i.args().equals(dataDir)),
                "room history lives on a volume");
        assertTrue(file.stream().anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("chown chat:chat " + dataDir)),
                "the non-root user can write room history");
    }

    @Test
    void buildContextLeavesOutBuildOutput() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertTrue(ignored.contains(".git"));
        assertTrue(ignored.contains("**/target"));
        assertTrue(ignored.contains("dist"));
        assertTrue(ignored.contains("data"));
    }

    @Test
    void systemdUnitsRunTheJarsAsAnUnprivilegedUser() throws IOException {
        String backend = Files.readString(ROOT.resolve("deploy/systemd/scalablechat-backend.service"));
        String session = Files.readString(ROOT.resolve("deploy/systemd/scalablechat-session@.service"));
        assertTrue(execStart(backend).matches("/usr/bin/java .*-jar /opt/scalablechat/" + jarName("backend")), execStart(backend));
        assertTrue(execStart(session).matches("/usr/bin/java .*-jar /opt/scalablechat/" + jarName("session")), execStart(session));
        for (String unit : List.of(backend, session)) {
            assertTrue(unit.contains("\nUser=scalablechat\n"));
            assertTrue(unit.contains("\nEnvironmentFile=/etc/scalablechat/secret.env\n"), "JWT_SECRET is shared");
        }
        assertTrue(session.contains("\nEnvironment=PORT=%i\n"), "the instance name is the port");
        assertTrue(session.contains("\nEnvironmentFile=/etc/scalablechat/session-%i.env\n"));
        for (String port : List.of("8000", "8001")) {
            assertTrue(Files.exists(ROOT.resolve("deploy/env/session-" + port + ".env")), "example for instance " + port);
        }
    }

    @Test
    void proxyForwardsEachPublicSessionPortToTheServerThatNamesIt() throws IOException {
        String caddy = Files.readString(ROOT.resolve("deploy/caddy/Caddyfile"));
        String nginx = Files.readString(ROOT.resolve("deploy/nginx/scalablechat.conf"));
        String backendEnv = Files.readString(ROOT.resolve("deploy/env/backend.env"));
        for (String port : List.of("8000", "8001")) {
            Matcher publicHost = Pattern.compile("(?m)^PUBLIC_HOST=([^:\\s]+):(\\d+)$")
                    .matcher(Files.readString(ROOT.resolve("deploy/env/session-" + port + ".env")));
            assertTrue(publicHost.find());
            String host = publicHost.group(1);
            String publicPort = publicHost.group(2);
            int internalPort = Integer.parseInt(port) + 1000;
            assertTrue(Pattern.compile(Pattern.quote(host + ":" + publicPort) + "\\s*\\{\\s*reverse_proxy 127\\.0\\.0\\.1:" + port + "\\s*}")
                    .matcher(caddy).find(), "Caddy forwards " + publicPort + " to " + port);
            assertTrue(nginx.contains(publicPort + " 127.0.0.1:" + port + ";"), "nginx forwards " + publicPort + " to " + port);
            assertTrue(nginx.contains("listen " + publicPort + " ssl;"));
            assertTrue(backendEnv.contains("wss://" + host + ":" + publicPort + "@127.0.0.1:" + internalPort),
                    "the static scheduler names the same public address and the server's internal port");
        }
    }

    // --- helpers ---

    /** The checks both images share; returns the parsed Dockerfile. */
    private static List<Instruction> checkImage(String module) throws IOException {
        List<Instruction> file = parse(ROOT.resolve(module + "/Dockerfile"));
        int release = Integer.parseInt(tag(Files.readString(ROOT.resolve("pom.xml")), "maven.compiler.release"));
        String jar = jarName(module);

        List<Instruction> froms = file.stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertEquals(2, froms.size(), "multi-stage: build, then run");
        Matcher build = Pattern.compile("maven:3\\.\\d+-eclipse-temurin-(\\d+) AS build").matcher(froms.get(0).args());
        assertTrue(build.matches(), "builds with Maven on a JDK: " + froms.get(0).args());
        assertTrue(Integer.parseInt(build.group(1)) >= release, "the build JDK compiles release " + release);
        Matcher run = Pattern.compile("eclipse-temurin:(\\d+)-jre").matcher(froms.get(1).args());
        assertTrue(run.matches(), "runs on a JRE image: " + froms.get(1).args());
        assertTrue(Integer.parseInt(run.group(1)) >= release, "the runtime runs release " + release);

        assertTrue(file.stream().anyMatch(i -> i.keyword().equals("RUN")
                        && i.args().matches(".*\\bmvn\\b.*-pl " + module + " -am\\b.*\\bpackage\\b.*")),
                "builds the " + module + " module and what it needs");
        List<Instruction> runtime = file.subList(file.indexOf(froms.get(1)), file.size());
        assertTrue(runtime.contains(new Instruction("COPY", "--from=build /src/" + module + "/target/" + jar + " /app/" + jar)),
                "copies the jar the pom builds (" + jar + ")");

        Instruction user = runtime.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b).orElseThrow();
        String name = user.args().split(":")[0];
        assertFalse(name.equals("root") || name.equals("0"), "runs as a non-root user");
        assertTrue(runtime.stream().anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("--uid " + name)),
                "the image creates user " + name);

        Instruction entry = runtime.stream().filter(i -> i.keyword().equals("ENTRYPOINT")).reduce((a, b) -> b).orElseThrow();
        List<String> argv = Json.parse(entry.args()).asArray().values().stream().map(JsonValue::asString).toList();
        assertEquals("java", argv.get(0), "exec form, so java gets SIGTERM directly");
        assertEquals(List.of("-jar", "/app/" + jar), argv.subList(argv.size() - 2, argv.size()));
        return file;
    }

    private static Set<Integer> exposed(List<Instruction> file) {
        Set<Integer> ports = new TreeSet<>();
        file.stream().filter(i -> i.keyword().equals("EXPOSE"))
                .forEach(i -> List.of(i.args().split("\\s+")).forEach(p -> ports.add(Integer.parseInt(p))));
        return ports;
    }

    private static String envOf(List<Instruction> file, String name) {
        for (Instruction i : file) {
            if (i.keyword().equals("ENV")) {
                for (String assignment : i.args().split("\\s+")) {
                    if (assignment.startsWith(name + "=")) {
                        return assignment;
                    }
                }
            }
        }
        return fail("no ENV " + name);
    }

    /** Dockerfile instructions with comments dropped and continuation lines joined. */
    private static List<Instruction> parse(Path dockerfile) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String text = current.toString().strip().replaceAll("\\s+", " ");
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1)));
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static String execStart(String unit) {
        Matcher m = Pattern.compile("(?m)^ExecStart=(.+)$").matcher(unit);
        assertTrue(m.find(), "unit has an ExecStart");
        return m.group(1).strip();
    }

    private static String jarName(String module) throws IOException {
        return tag(Files.readString(ROOT.resolve(module + "/pom.xml")), "finalName") + ".jar";
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        assertTrue(m.find(), "<" + name + "> in pom");
        return m.group(1).strip();
    }

    /** The repository's root: the folder with build.sh, found upwards from where the tests run. */
    static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("build.sh"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "run inside the repository");
        return dir;
    }
}
