package ai.kaptura.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The upload benchmark ({@code bench/uploads.sh} runs it). For each scenario it starts the real node as a child JVM
 * ({@code Main serve}, embedded defaults, {@code -Xmx512m}, a fresh data directory), signs in five people, and
 * measures from outside:
 * <ol>
 *   <li>baseline: the latency of a signed-in light request ({@code GET /api/orders/{id}}), sent at a steady
 *       {@value #LIGHT_PER_SECOND} a second whatever the answers (open loop: a slow answer does not slow the
 *       sending, so queueing shows), with no upload running;</li>
 *   <li>storm: the same requests while 32 uploads of an 8 MB JPEG (6000 × 4000, so every one is decoded) run at once,
 *       four people each sending eight into their own draft; every upload's answer, the storm's length and the
 *       photos stored per second;</li>
 *   <li>the server's heap, sampled every 200 ms with {@code jstat -gc} (used: survivors, eden and old together), and
 *       its live heap after each collection from its own GC log.</li>
 * </ol>
 * Scenarios: {@code gated} (the defaults) and {@code wide} (64 decoders, 64 uploads received at once, a 10-minute
 * wait: nothing holds uploads back, as before the decode gate). Prints key=value lines, and one line per upload.
 * Usage: {@code UploadsBench <server classpath> <work dir> <baseline seconds> [scenario ...]}.
 */
public final class UploadsBench {

    static final int PEOPLE = 4;
    static final int PHOTOS_EACH = 8;
    static final int LIGHT_PER_SECOND = 50;
    static final String XMX = "512m";
    private static final String BOUNDARY = "kaptura-bench-boundary-5e0d";
    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");
    private static final Pattern PROBLEM_TYPE =
            Pattern.compile("\"type\":\"https://kaptura.ai/problems/([a-z0-9-]+)\"");
    private static final Pattern GC_AFTER = Pattern.compile("Pause.*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final String serverClasspath;
    private final Path work;
    private final int baselineSeconds;
    /** One multipart upload body per person (each an 8 MB photo of their own). */
    private final List<byte[]> bodies;

    private final int photoBytes;
    private final ObjectMapper json = new ObjectMapper();
    /** Every light request: the wall-clock time it was answered (ms) and its latency (ms), kept in the work directory. */
    private final ConcurrentLinkedQueue<String> timeline = new ConcurrentLinkedQueue<>();

    private UploadsBench(String serverClasspath, Path work, int baselineSeconds, List<byte[]> bodies, int photoBytes) {
        this.serverClasspath = serverClasspath;
        this.work = work;
        this.baselineSeconds = baselineSeconds;
        this.bodies = bodies;
        this.photoBytes = photoBytes;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: UploadsBench <server classpath> <work dir> <baseline seconds> [gated|wide ...]");
            System.exit(2);
        }
        List<String> scenarios =
                args.length > 3 ? Arrays.asList(args).subList(3, args.length) : List.of("gated", "wide");
        List<byte[]> bodies = new ArrayList<>();
        int photoBytes = 0;
        for (int person = 0; person < PEOPLE; person++) {
            byte[] photo = photo(person);
            photoBytes = photo.length;
            bodies.add(multipart(photo));
        }
        System.out.printf(
                Locale.ROOT,
                "photo_bytes=%d%nxmx=%s%ncpus=%d%n",
                photoBytes,
                XMX,
                Runtime.getRuntime().availableProcessors());
        UploadsBench bench = new UploadsBench(args[0], Path.of(args[1]), Integer.parseInt(args[2]), bodies, photoBytes);
        for (String scenario : scenarios) {
            bench.run(scenario);
        }
    }

    // ---- one scenario ---------------------------------------------------------------------------------

    private record Person(String email, HttpClient http, String csrf, String order) {}

    private record Upload(int person, int n, int status, long millis, String detail) {}

    private void run(String scenario) throws Exception {
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        Path data = Files.createDirectories(work.resolve(scenario));
        Path gcLog = work.resolve(scenario + "-gc.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + XMX,
                "-Xlog:gc,safepoint:file=" + gcLog + ":time,uptime",
                "--sun-misc-unsafe-memory-access=allow",
                "-Djava.awt.headless=true",
                "-cp",
                serverClasspath,
                "ai.kaptura.app.Main",
                "serve"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(scenario + "-server.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("KAPTURA_")
                        || name.startsWith("ASTRIA_")
                        || name.startsWith("STRIPE_")
                        || name.startsWith("RESEND_"));
        env.put("KAPTURA_DATA_DIR", data.toString());
        env.put("KAPTURA_PORT", Integer.toString(port));
        env.put("KAPTURA_BASE_URL", base.toString());
        if (scenario.equals("wide")) {
            env.put("KAPTURA_DECODE_CONCURRENCY", "64");
            env.put("KAPTURA_UPLOAD_CONCURRENCY", "64");
            env.put("KAPTURA_UPLOAD_WAIT", "10m");
        } else if (!scenario.equals("gated")) {
            throw new IllegalArgumentException("unknown scenario " + scenario + " (gated or wide)");
        }
        Process server = builder.start();
        HeapSampler heap = null;
        try {
            awaitReady(base, server);
            heap = new HeapSampler(server.pid());
            List<Person> people = new ArrayList<>();
            for (int i = 0; i <= PEOPLE; i++) {
                people.add(signIn(base, data, "bench-" + i + "@example.org"));
            }
            Person observer = people.get(PEOPLE);
            List<Person> uploaders = people.subList(0, PEOPLE);

            // Warm-up: the light request and two uploads of the observer's own.
            measureLight(base, observer, Duration.ofSeconds(5), () -> false);
            for (int i = 0; i < 2; i++) {
                upload(base, observer, bodies.getFirst(), -1, i);
            }

            heap.phase("baseline");
            List<Long> baseline = measureLight(base, observer, Duration.ofSeconds(baselineSeconds), () -> false);

            heap.phase("storm");
            List<Upload> uploads = Collections.synchronizedList(new ArrayList<>());
            long[] stormNanos = new long[1];
            List<Long> storm;
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                long t0 = System.nanoTime();
                List<Future<?>> all = new ArrayList<>();
                for (int p = 0; p < PEOPLE; p++) {
                    for (int n = 0; n < PHOTOS_EACH; n++) {
                        int person = p;
                        int number = n;
                        all.add(senders.submit(() ->
                                uploads.add(upload(base, uploaders.get(person), bodies.get(person), person, number))));
                    }
                }
                storm = measureLight(
                        base,
                        observer,
                        Duration.ofMinutes(15),
                        () -> all.stream().allMatch(Future::isDone));
                stormNanos[0] = System.nanoTime() - t0;
            }
            heap.phase("after");
            Thread.sleep(1_000);
            heap.stop();
            boolean alive = server.isAlive() && status(base.resolve("/health/live")) == 200;

            report(scenario, baseline, storm, uploads, stormNanos[0], heap, gcLog, alive);
            Files.write(work.resolve(scenario + "-light.txt"), timeline);
            timeline.clear();
        } finally {
            if (heap != null) {
                heap.stop();
            }
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void report(
            String scenario,
            List<Long> baseline,
            List<Long> storm,
            List<Upload> uploads,
            long stormNanos,
            HeapSampler heap,
            Path gcLog,
            boolean alive)
            throws IOException {
        uploads.stream()
                .sorted((a, b) -> a.person() != b.person() ? a.person() - b.person() : a.n() - b.n())
                .forEach(u -> System.out.printf(
                        Locale.ROOT,
                        "upload scenario=%s person=%d n=%d status=%d ms=%d%s%n",
                        scenario,
                        u.person(),
                        u.n(),
                        u.status(),
                        u.millis(),
                        u.detail().isEmpty() ? "" : " detail=" + u.detail()));
        long created = uploads.stream().filter(u -> u.status() == 201).count();
        long busy = uploads.stream()
                .filter(u -> u.status() == 503 && u.detail().contains("server-busy"))
                .count();
        long errors = uploads.size() - created - busy;
        double seconds = stormNanos / 1e9;
        String p = scenario + "_";
        System.out.printf(
                Locale.ROOT,
                "%sbaseline_requests=%d%n%sbaseline_p50_ms=%.1f%n%sbaseline_p99_ms=%.1f%n",
                p,
                baseline.size(),
                p,
                percentile(baseline, 50),
                p,
                percentile(baseline, 99));
        System.out.printf(
                Locale.ROOT,
                "%sstorm_requests=%d%n%sstorm_p50_ms=%.1f%n%sstorm_p99_ms=%.1f%n%sstorm_max_ms=%.1f%n",
                p,
                storm.size(),
                p,
                percentile(storm, 50),
                p,
                percentile(storm, 99),
                p,
                percentile(storm, 100));
        System.out.printf(Locale.ROOT, "%sp99_ratio=%.2f%n", p, percentile(storm, 99) / percentile(baseline, 99));
        System.out.printf(
                Locale.ROOT,
                "%suploads=%d%n%suploads_201=%d%n%suploads_503_busy=%d%n%suploads_errors=%d%n",
                p,
                uploads.size(),
                p,
                created,
                p,
                busy,
                p,
                errors);
        System.out.printf(
                Locale.ROOT,
                "%sstorm_seconds=%.1f%n%sstored_per_second=%.2f%n%sstored_mb_per_second=%.1f%n",
                p,
                seconds,
                p,
                created / seconds,
                p,
                created * photoBytes / 1e6 / seconds);
        System.out.printf(
                Locale.ROOT,
                "%sheap_used_peak_baseline_mb=%.0f%n%sheap_used_peak_storm_mb=%.0f%n%sheap_committed_peak_mb=%.0f%n",
                p,
                heap.peakUsed("baseline") / 1024,
                p,
                heap.peakUsed("storm") / 1024,
                p,
                heap.peakCommitted() / 1024);
        long[] gc = afterGc(gcLog);
        System.out.printf(
                Locale.ROOT,
                "%sheap_live_after_gc_peak_mb=%d%n%sgc_pauses=%d%n%sserver_alive=%s%n",
                p,
                gc[0],
                p,
                gc[1],
                p,
                alive);
    }

    // ---- the light request, open loop -----------------------------------------------------------------

    /** Sends the light request {@value #LIGHT_PER_SECOND} times a second until {@code done} or {@code most}; latencies in ns. */
    private List<Long> measureLight(URI base, Person who, Duration most, java.util.function.BooleanSupplier done)
            throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/orders/" + who.order()))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .GET()
                .build();
        long interval = 1_000_000_000L / LIGHT_PER_SECOND;
        long start = System.nanoTime();
        long end = start + most.toNanos();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long due = start; due < end && !done.getAsBoolean(); due += interval) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                long intended = due;
                senders.submit(() -> {
                    try {
                        HttpResponse<Void> answer = who.http().send(request, HttpResponse.BodyHandlers.discarding());
                        if (answer.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                    }
                    long latency = System.nanoTime() - intended;
                    latencies.add(latency);
                    timeline.add(System.currentTimeMillis() + " " + latency / 1_000_000);
                });
            }
        }
        if (failures.get() > 0) {
            System.out.printf(Locale.ROOT, "light_request_failures=%d%n", failures.get());
        }
        return new ArrayList<>(latencies);
    }

    private static double percentile(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(index) / 1e6;
    }

    // ---- uploads --------------------------------------------------------------------------------------

    /** The multipart body of one upload of {@code photo}, made before the storm so that sending allocates nothing. */
    static byte[] multipart(byte[] photo) {
        return AttackTarget.selfieUpload(BOUNDARY, "photo.jpg", photo);
    }

    private Upload upload(URI base, Person person, byte[] body, int who, int n) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> answer = person.http()
                    .send(
                            HttpRequest.newBuilder(base.resolve("/api/orders/" + person.order() + "/selfies"))
                                    .timeout(Duration.ofMinutes(3))
                                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                                    .header("Origin", base.toString())
                                    .header("X-CSRF-Token", person.csrf())
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String detail = "";
            if (answer.statusCode() != 201) {
                Matcher type = PROBLEM_TYPE.matcher(answer.body());
                String text = answer.body().isEmpty()
                        ? "empty-body"
                        : answer.body()
                                .substring(0, Math.min(60, answer.body().length()))
                                .replaceAll("\\s", "_");
                detail = (type.find() ? type.group(1) : text) + "/retry-after:"
                        + answer.headers().firstValue("Retry-After").orElse("-");
            }
            return new Upload(who, n, answer.statusCode(), (System.nanoTime() - t0) / 1_000_000, detail);
        } catch (IOException | InterruptedException e) {
            return new Upload(
                    who,
                    n,
                    -1,
                    (System.nanoTime() - t0) / 1_000_000,
                    e.getClass().getSimpleName());
        }
    }

    /** A 6000 × 4000 JPEG of about 8 MB (a 24-megapixel camera photo: over 4096 pixels a side, so it is decoded). */
    static byte[] photo(int seed) throws IOException {
        int w = 6000;
        int h = 4000;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40 + seed * 30, 90, 160), w, h, new Color(230, 200, 150)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(220, 180, 150));
        g.fillOval(w / 3, h / 5, w / 3, h * 3 / 5);
        g.dispose();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Random grain = new Random(seed);
        for (int i = 0; i < pixels.length; i++) {
            int rgb = pixels[i];
            int n = grain.nextInt(25) - 12;
            pixels[i] = Math.clamp((rgb >> 16 & 0xff) + n, 0, 255) << 16
                    | Math.clamp((rgb >> 8 & 0xff) + n, 0, 255) << 8
                    | Math.clamp((rgb & 0xff) + n, 0, 255);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    // ---- signing in -------------------------------------------------------------------------------------

    private Person signIn(URI base, Path data, String email) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        expect(post(http, base, null, "/api/auth/start", Map.of("email", email)), 202);
        HttpResponse<String> verified = expect(
                post(http, base, null, "/api/auth/verify", Map.of("email", email, "code", code(data, email))), 200);
        String csrf = json.readTree(verified.body()).get("csrfToken").asText();
        String version = json.readTree(
                        expect(get(http, base, "/api/privacy/policy"), 200).body())
                .get("version")
                .asText();
        expect(post(http, base, csrf, "/api/me/age", Map.of("adult", true, "noticeVersion", version)), 204);
        HttpResponse<String> created = expect(
                post(http, base, csrf, "/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey"))),
                201);
        return new Person(
                email, http, csrf, json.readTree(created.body()).get("id").asText());
    }

    private HttpResponse<String> post(HttpClient http, URI base, String csrf, String path, Object body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    response.request().uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String code(Path data, String email) throws Exception {
        Path outbox = data.resolve("outbox");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> mails = Files.list(outbox)) {
                    for (Path mail : mails.filter(
                                    m -> m.getFileName().toString().contains("sign-in"))
                            .sorted()
                            .toList()
                            .reversed()) {
                        String text = Files.readString(mail);
                        Matcher code = CODE.matcher(text);
                        if (text.startsWith("To: " + email + "\n") && code.find()) {
                            return code.group(1);
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no sign-in code for " + email + " in " + outbox);
    }

    // ---- the server, from outside -------------------------------------------------------------------------

    private static void awaitReady(URI base, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (status(base.resolve("/health/ready")) != 200) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not become ready (see its log in the work directory)");
            }
            Thread.sleep(100);
        }
    }

    private static int status(URI uri) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** The largest heap after a collection (MB) in the server's GC log, and the number of pauses. */
    private static long[] afterGc(Path gcLog) throws IOException {
        long most = 0;
        long pauses = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_AFTER.matcher(line);
            if (m.find()) {
                most = Math.max(most, Long.parseLong(m.group(2)));
                pauses++;
            }
        }
        return new long[] {most, pauses};
    }

    /** {@code jstat -gc <pid> 200}: the heap used (survivors, eden, old) and committed, the peaks per phase, in KB. */
    private static final class HeapSampler {
        private final Process jstat;
        private final Thread reader;
        private final Map<String, Double> peakUsed = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile String phase = "setup";
        private volatile double peakCommitted;

        HeapSampler(long pid) throws IOException {
            jstat = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jstat")
                                    .toString(),
                            "-gc",
                            Long.toString(pid),
                            "200")
                    .redirectErrorStream(true)
                    .start();
            reader = Thread.ofPlatform().daemon().start(this::read);
        }

        void phase(String name) {
            phase = name;
        }

        double peakUsed(String name) {
            return peakUsed.getOrDefault(name, Double.NaN);
        }

        double peakCommitted() {
            return peakCommitted;
        }

        private void read() {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> header = null;
                for (String line; (line = lines.readLine()) != null; ) {
                    List<String> cells =
                            Arrays.stream(line.strip().split("\\s+")).toList();
                    if (cells.contains("EU")) {
                        header = cells;
                        continue;
                    }
                    if (header == null || cells.size() != header.size()) {
                        continue;
                    }
                    double used = 0;
                    double committed = 0;
                    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                        used += Double.parseDouble(cells.get(header.indexOf(column)));
                    }
                    for (String column : List.of("S0C", "S1C", "EC", "OC")) {
                        committed += Double.parseDouble(cells.get(header.indexOf(column)));
                    }
                    peakUsed.merge(phase, used, Math::max);
                    peakCommitted = Math.max(peakCommitted, committed);
                }
            } catch (IOException | RuntimeException e) {
                // jstat ends with the server
            }
        }

        void stop() throws InterruptedException {
            jstat.destroy();
            reader.join(5_000);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
