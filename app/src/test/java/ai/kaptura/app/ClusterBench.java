package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flow's figures on a {@link Cluster} of one node and of two, for {@code bench/cluster.sh}: for each size, the
 * whole cluster is started (and what was started printed), then {@code people} people at once go through the load
 * balancer from sign-in through the sandbox's payment, training and generation to the delivered order, its headshots'
 * ZIP, the export and the erasure ({@value #SELFIES} selfies each; each sandbox step takes {@value #SANDBOX_DELAY}
 * seconds), as {@link ClusterTest}'s do. The run prints people, orders delivered, orders delivered per minute,
 * the API's p50/p99 over every request sent (status polls included), the requests each node took and the errors (any
 * answer of 500 or more, any refused or broken connection, any step that did not end as it should), then stops all of
 * it. Lines {@code key=value} are for the script.
 *
 * <p>Usage: {@code ClusterBench <work dir> <people> <nodes>...}
 */
public final class ClusterBench {

    static final int SELFIES = 8;
    /** {@code KAPTURA_SANDBOX_DELAY}: each sandbox step (a training, a style's drawing), in seconds. */
    static final String SANDBOX_DELAY = "2";

    private ClusterBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int people = Integer.parseInt(args[1]);
        for (int a = 2; a < args.length; a++) {
            int nodes = Integer.parseInt(args[a]);
            Path run = Files.createDirectories(work.resolve(nodes + "-nodes"));
            System.out.printf(Locale.ROOT, "== %d node%s: starting%n", nodes, nodes == 1 ? "" : "s");
            try (Cluster cluster = Cluster.start(run, nodes, Map.of("KAPTURA_SANDBOX_DELAY", SANDBOX_DELAY))) {
                System.out.print(cluster.describe());
                measure(cluster, nodes, people);
                System.out.println("stopping: HAProxy, the nodes, S3Proxy; dropping database " + cluster.postgres.name);
            }
        }
    }

    private static void measure(Cluster cluster, int nodes, int people) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        Map<String, Long> before = cluster.sessions();
        long started = System.nanoTime();
        List<Future<?>> flows = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(people)) {
            for (int p = 0; p < people; p++) {
                String email = "bench" + p + "@example.org";
                flows.add(pool.submit(() -> {
                    Visitor person = cluster.front.browser();
                    person.observer = (answer, nanos) -> {
                        latencies.add(nanos);
                        if (answer.statusCode() >= 500) {
                            errors.incrementAndGet();
                        }
                    };
                    flow(person, email);
                    return null;
                }));
            }
            for (Future<?> flow : flows) {
                try {
                    flow.get();
                    delivered.incrementAndGet();
                } catch (java.util.concurrent.ExecutionException e) {
                    errors.incrementAndGet();
                    System.out.println("a flow failed: " + e.getCause());
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> after = cluster.sessions();
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        String prefix = "nodes" + nodes + "_";
        StringBuilder perNode = new StringBuilder();
        after.forEach((name, total) -> perNode.append(name)
                .append(' ')
                .append(total - before.getOrDefault(name, 0L))
                .append(' '));
        System.out.printf(
                Locale.ROOT,
                "%speople=%d%n%sorders=%d%n%sseconds=%.1f%n%sorders_per_minute=%.1f%n%srequests=%d%n"
                        + "%sp50_ms=%.1f%n%sp99_ms=%.1f%n%serrors=%d%n%sper_node=%s%n",
                prefix,
                people,
                prefix,
                delivered.get(),
                prefix,
                seconds,
                prefix,
                delivered.get() / seconds * 60,
                prefix,
                sorted.size(),
                prefix,
                percentile(sorted, 0.50),
                prefix,
                percentile(sorted, 0.99),
                prefix,
                errors.get(),
                prefix,
                perNode.toString().trim());
    }

    /** One person's whole flow through the load balancer. */
    static void flow(Visitor person, String email) {
        person.signIn(email);
        String order = person.order("studio-grey", "bright-office");
        person.uploadSelfies(order, SELFIES);
        person.payOnSandbox(person.checkOut(order));
        person.awaitStatus(order, "delivered", Duration.ofMinutes(5));
        HttpResponse<byte[]> zip = person.sendForBytes(
                person.request("GET", "/api/orders/" + order + "/headshots.zip", HttpRequest.BodyPublishers.noBody())
                        .build());
        assertThat(zip.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> export =
                person.sendForBytes(person.request("POST", "/api/me/export", HttpRequest.BodyPublishers.noBody())
                        .build());
        assertThat(export.statusCode()).isEqualTo(200);
        HttpResponse<String> erased = person.json("DELETE", "/api/me", null);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(202);
    }

    private static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }
}
