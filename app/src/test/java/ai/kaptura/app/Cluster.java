package ai.kaptura.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kaptura as more than one machine, on this one: the test PostgreSQL (a {@link FreshPostgres} database of its own),
 * a real S3-compatible server in a process of its own (S3Proxy over its filesystem backend), {@code n} nodes of the
 * real app ({@link ChildNode}s, {@code Main serve}) on ports of their own with the same secrets, the same database, the
 * same bucket and one shared outbox of mails (the stand-in for one mail provider; the sandbox vendors keep their state
 * in the shared database), and Debian's HAProxy in front — round robin, health checks on
 * {@code /health/ready} every half second, a connection refused by a node tried again on another, and its statistics
 * (requests and state per node) on a port of its own. Every visitor goes through the load balancer
 * ({@link #front}); {@link #node} reaches one node directly. {@link #close} stops all of it, the last started first,
 * and drops the database.
 */
final class Cluster implements AutoCloseable {

    static final String S3_IDENTITY = "cluster-identity";
    static final String S3_CREDENTIAL = "cluster-credential";

    private static final Duration UP_WITHIN = Duration.ofSeconds(60);

    /** The visitors' way in: the load balancer, as {@code KAPTURA_BASE_URL} names it. */
    final AttackTarget front;

    final Path work;
    final Path dataDir;
    final FreshPostgres postgres;
    final List<ChildNode> nodes;
    final List<AttackTarget> direct;
    final URI stats;
    final Path socket;
    final Map<String, String> env;

    private final Process s3proxy;
    private final Process haproxy;
    private final String s3Endpoint;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Cluster(
            Path work,
            Path dataDir,
            FreshPostgres postgres,
            Process s3proxy,
            String s3Endpoint,
            List<ChildNode> nodes,
            List<AttackTarget> direct,
            Process haproxy,
            URI front,
            URI stats,
            Path socket,
            Map<String, String> env) {
        this.work = work;
        this.dataDir = dataDir;
        this.postgres = postgres;
        this.s3proxy = s3proxy;
        this.s3Endpoint = s3Endpoint;
        this.nodes = nodes;
        this.direct = direct;
        this.haproxy = haproxy;
        this.front = AttackTarget.at(dataDir, front, env);
        this.stats = stats;
        this.socket = socket;
        this.env = env;
    }

    /**
     * Starts the whole cluster in {@code work} (a fresh directory), with {@code count} nodes whose environment is the
     * attack targets' defaults changed by {@code settings}; the nodes start one after the other (the first applies the
     * migrations), and the call returns once HAProxy sees every node up.
     */
    static Cluster start(Path work, int count, Map<String, String> settings) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Path dataDir = Files.createDirectories(work.resolve("shared"));
            Path outbox = Files.createDirectories(dataDir.resolve("outbox"));
            FreshPostgres postgres = FreshPostgres.create();
            started.add(postgres);

            int s3Port = AttackTarget.freePort();
            Process s3proxy = startS3Proxy(work, s3Port);
            started.add(s3proxy::destroyForcibly);
            String s3Endpoint = "http://127.0.0.1:" + s3Port;

            int frontPort = AttackTarget.freePort();
            int statsPort = AttackTarget.freePort();
            URI front = URI.create("http://localhost:" + frontPort);

            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ports.add(AttackTarget.freePort());
            }
            Map<String, String> shared = new HashMap<>(settings);
            shared.put("KAPTURA_BASE_URL", front.toString());
            shared.put("KAPTURA_TRUST_PROXY", "true");
            shared.put("KAPTURA_DATABASE_URL", postgres.url());
            shared.put("KAPTURA_DATABASE_USER", postgres.user);
            shared.put("KAPTURA_BLOBSTORE", "s3");
            shared.put("KAPTURA_BLOBSTORE_ENDPOINT", s3Endpoint);
            shared.put("KAPTURA_BLOBSTORE_IDENTITY", S3_IDENTITY);
            shared.put("KAPTURA_BLOBSTORE_CREDENTIAL", S3_CREDENTIAL);
            shared.put("KAPTURA_BLOBSTORE_CONTAINER", "kaptura-cluster");
            shared.put("KAPTURA_MASTER_KEY", randomKey());
            shared.put("KAPTURA_CALLBACK_SECRET", randomKey());
            shared.put("KAPTURA_AUDIT_KEY", randomKey());

            List<ChildNode> nodes = new ArrayList<>();
            List<AttackTarget> direct = new ArrayList<>();
            Map<String, String> frontEnv = null;
            for (int i = 0; i < count; i++) {
                Map<String, String> own = new HashMap<>(shared);
                // A data directory per node whose outbox is the shared one: one mailbox, as one mail provider would be.
                Path nodeData =
                        Files.createDirectories(work.resolve("node" + (i + 1)).resolve("data"));
                Files.createSymbolicLink(nodeData.resolve("outbox"), outbox);
                Map<String, String> env = AttackTarget.environment(nodeData, ports.get(i), own);
                // environment() names the node's own address as the base URL unless told; the cluster's is the front.
                Map<String, String> withFront = new HashMap<>(env);
                withFront.put("KAPTURA_BASE_URL", front.toString());
                URI base = URI.create("http://localhost:" + ports.get(i));
                ChildNode node =
                        new ChildNode(withFront, work.resolve("node" + (i + 1)).resolve("logs"), base);
                started.add(() -> {
                    if (node.alive()) {
                        node.kill();
                    }
                });
                node.start();
                nodes.add(node);
                direct.add(AttackTarget.at(nodeData, base, withFront));
                frontEnv = withFront;
            }

            Path config = work.resolve("haproxy.cfg");
            Files.writeString(
                    config,
                    haproxyConfig(frontPort, statsPort, work.resolve("haproxy.sock"), ports),
                    StandardCharsets.UTF_8);
            Process haproxy;
            try {
                haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("haproxy.log").toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "The cluster needs HAProxy on the PATH (Debian: apt-get install haproxy; .ci/run installs it)",
                        e);
            }
            started.add(haproxy::destroyForcibly);
            Cluster cluster = new Cluster(
                    work,
                    dataDir,
                    postgres,
                    s3proxy,
                    s3Endpoint,
                    nodes,
                    direct,
                    haproxy,
                    front,
                    URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"),
                    work.resolve("haproxy.sock"),
                    Map.copyOf(frontEnv));
            AttackTarget.await(
                    () -> {
                        if (!cluster.haproxyAlive()) {
                            throw new IllegalStateException("HAProxy stopped: " + read(work.resolve("haproxy.log")));
                        }
                        return cluster.up().size() == count;
                    },
                    UP_WITHIN,
                    "HAProxy sees every node up (its log: " + work.resolve("haproxy.log") + ")");
            return cluster;
        } catch (IOException e) {
            throw closeAll(started, new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw closeAll(started, e);
        } catch (AssertionError e) {
            closeAll(started, new IllegalStateException(e));
            throw e;
        }
    }

    /** Stops what was started, the last first, before {@code failure} is thrown; answers it. */
    private static RuntimeException closeAll(List<AutoCloseable> started, RuntimeException failure) {
        for (AutoCloseable resource : started.reversed()) {
            try {
                resource.close();
            } catch (Exception suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
        return failure;
    }

    /** The load balancer's configuration: round robin over {@code ports}, health checks on {@code /health/ready}. */
    static String haproxyConfig(int frontPort, int statsPort, Path socket, List<Integer> ports) {
        StringBuilder cfg = new StringBuilder("global\n    stats socket " + socket + " level admin\n");
        cfg.append("""
                    maxconn 1024

                defaults
                    mode http
                    timeout connect 2s
                    timeout client 180s
                    timeout server 180s
                    timeout http-request 30s
                    option forwardfor
                    # A connection a node refuses (stopped, killed) is tried again, on another node.
                    retries 3
                    option redispatch 1
                    # A reading request whose node closed or dropped the connection is sent again; a writing one is not.
                    # A reading request a node refused (closed, or 503 from a node in its graceful stop) is sent again.
                    retry-on conn-failure empty-response 503

                frontend kaptura
                """);
        cfg.append("    bind 127.0.0.1:").append(frontPort).append('\n');
        cfg.append("""
                    default_backend nodes

                backend nodes
                    balance roundrobin
                    option httpchk GET /health/ready
                    http-check expect status 200
                    http-request disable-l7-retry unless METH_GET || METH_HEAD
                    default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2
                """);
        for (int i = 0; i < ports.size(); i++) {
            cfg.append("    server node")
                    .append(i + 1)
                    .append(" 127.0.0.1:")
                    .append(ports.get(i))
                    .append(" check\n");
        }
        cfg.append("\nlisten stats\n    bind 127.0.0.1:")
                .append(statsPort)
                .append("\n    stats enable\n    stats uri /stats\n");
        return cfg.toString();
    }

    private static Process startS3Proxy(Path work, int port) throws IOException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the build copies it before the tests");
        }
        Path data = Files.createDirectories(work.resolve("s3-data"));
        Path properties = work.resolve("s3proxy.conf");
        Files.write(
                properties,
                List.of(
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + S3_IDENTITY,
                        "s3proxy.credential=" + S3_CREDENTIAL,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + data.toAbsolutePath()));
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "--sun-misc-unsafe-memory-access=allow",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--properties",
                        properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("s3proxy.log").toFile())
                .start();
        try {
            AttackTarget.await(
                    () -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("S3Proxy exited; its log: " + work.resolve("s3proxy.log"));
                        }
                        try (Socket probe = new Socket("127.0.0.1", port)) {
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    },
                    Duration.ofSeconds(60),
                    "S3Proxy listens");
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** One node behind the load balancer, as HAProxy sees it. */
    record Server(String name, String status, long sessions) {}

    /** HAProxy's view of every node: its state ({@code UP}, {@code DOWN}, ...) and the requests it sent there. */
    Map<String, Server> servers() {
        HttpResponse<String> csv;
        try {
            csv = http.send(
                    HttpRequest.newBuilder(stats).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String[] lines = csv.body().split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int proxy = header.indexOf("pxname");
        int server = header.indexOf("svname");
        int status = header.indexOf("status");
        int total = header.indexOf("stot");
        Map<String, Server> servers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            if (cells.length > total && cells[proxy].equals("nodes") && cells[server].startsWith("node")) {
                servers.put(
                        cells[server],
                        new Server(
                                cells[server],
                                cells[status],
                                Long.parseLong(cells[total].isEmpty() ? "0" : cells[total])));
            }
        }
        return servers;
    }

    /** The nodes HAProxy sends requests to right now. */
    List<String> up() {
        try {
            return servers().values().stream()
                    .filter(s -> s.status().startsWith("UP"))
                    .map(Server::name)
                    .toList();
        } catch (UncheckedIOException notYet) {
            return List.of();
        }
    }

    /** The requests HAProxy sent to each node so far, by node name ({@code node1}, ...). */
    Map<String, Long> sessions() {
        Map<String, Long> sessions = new LinkedHashMap<>();
        servers().forEach((name, s) -> sessions.put(name, s.sessions()));
        return sessions;
    }

    /**
     * One command to HAProxy's runtime API (its admin socket), such as {@code set server nodes/node1 state maint};
     * answers what it said.
     */
    String haproxyCommand(String command) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) > 0) {
                said.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return said.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restarts node {@code i} (from 0) as an operator does behind a load balancer: HAProxy stops sending it requests
     * ({@code maint}), the requests it has in hand finish, {@code SIGTERM} stops it gracefully (and it finishes whatever
     * it still holds), it starts again, and once ready HAProxy sends it requests again.
     */
    void restartGracefully(int i) {
        String name = "node" + (i + 1);
        haproxyCommand("set server nodes/" + name + " state maint");
        AttackTarget.await(
                () -> currentRequests(name) == 0, Duration.ofSeconds(60), "the node's requests in hand finished");
        nodes.get(i).stop();
        nodes.get(i).start();
        haproxyCommand("set server nodes/" + name + " state ready");
        AttackTarget.await(() -> up().contains(name), UP_WITHIN, "HAProxy sends " + name + " requests again");
    }

    /** The requests HAProxy has in hand at node {@code name} right now. */
    private long currentRequests(String name) {
        String csv = haproxyCommand("show stat");
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int proxy = header.indexOf("pxname");
        int server = header.indexOf("svname");
        int current = header.indexOf("scur");
        for (int l = 1; l < lines.length; l++) {
            String[] cells = lines[l].split(",", -1);
            if (cells.length > current && cells[proxy].equals("nodes") && cells[server].equals(name)) {
                return Long.parseLong(cells[current]);
            }
        }
        throw new IllegalStateException("HAProxy does not know " + name + ": " + csv);
    }

    /**
     * How many records of {@code kind} the sandbox vendors keep in the shared database ({@code model}: the models they
     * hold; {@code payment}: the payments their processor took; {@code checkout}: the checkouts it opened).
     */
    long sandboxRecords(String kind) {
        if (!kind.matches("[a-z-]+")) {
            throw new IllegalArgumentException(kind);
        }
        return postgres.count("SELECT count(*) FROM sandbox_records WHERE kind = '" + kind + "'");
    }

    /** Node {@code i} (from 0) reached directly, not through the load balancer. */
    AttackTarget node(int i) {
        return direct.get(i);
    }

    boolean haproxyAlive() {
        return haproxy.isAlive();
    }

    /** What the cluster is made of, one line per process, for a report. */
    String describe() {
        StringBuilder d = new StringBuilder();
        d.append(String.format(
                Locale.ROOT, "PostgreSQL: database %s on %s:%d%n", postgres.name, postgres.host, postgres.port));
        d.append(String.format(Locale.ROOT, "S3Proxy (pid %d): %s%n", s3proxy.pid(), s3Endpoint));
        for (int i = 0; i < nodes.size(); i++) {
            ChildNode node = nodes.get(i);
            d.append(String.format(
                    Locale.ROOT,
                    "node%d (pid %s): %s%n",
                    i + 1,
                    node.alive() ? Long.toString(node.pid()) : "stopped",
                    node.base()));
        }
        d.append(String.format(
                Locale.ROOT,
                "HAProxy (pid %d): %s, round robin, health checks on /health/ready; statistics on %s%n",
                haproxy.pid(),
                front.base,
                stats));
        return d.toString();
    }

    @Override
    public void close() {
        RuntimeException failed = null;
        List<Runnable> steps = new ArrayList<>();
        steps.add(() -> stopProcess(haproxy));
        for (ChildNode node : nodes.reversed()) {
            steps.add(() -> {
                if (node.alive()) {
                    node.kill();
                }
            });
        }
        steps.add(() -> stopProcess(s3proxy));
        steps.add(postgres::close);
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException | AssertionError e) {
                if (failed == null) {
                    failed = new IllegalStateException("Stopping the cluster", e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static void stopProcess(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20))) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
