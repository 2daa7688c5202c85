package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image downloads under the image policy, against real sockets: the production policy refuses the stub's own plain-http
 * images before a request; a redirect is never followed; the connection goes to the address the policy checked, not to
 * a second look-up of the name; TLS is verified against the name although the socket was opened to an address; sizes
 * and times are bounded.
 */
@Tag("R15")
class AstriaImagesTest {

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private final VendorFixtures.Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");

    @RegisterExtension
    final LocalServers servers = new LocalServers();

    private final Map<String, InetAddress> dns = new HashMap<>();
    private final AtomicInteger lookUps = new AtomicInteger();
    private final ImagePolicy.Resolver table = host -> {
        lookUps.incrementAndGet();
        InetAddress address = dns.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {address};
    };

    @TempDir
    Path keys;

    /** Ada's order at the stub, trained and generated, whose prompts Astria finishes with {@code images}. */
    private List<String> imagesFromTheApi(HeadshotGenerator generator, List<String> images) {
        ModelRef model = astria.trained(generator, ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 1);
        if (images == null) {
            astria.stub.finishGenerating(model.value());
        } else {
            astria.stub.finishGeneratingWith(model.value(), images);
        }
        return generator.status(ada.orderId(), model).stream()
                .filter(GeneratorEvent.ImagesReady.class::isInstance)
                .flatMap(e -> ((GeneratorEvent.ImagesReady) e).imageLocations().stream())
                .toList();
    }

    private static ImagePolicy.Fetch allowed(ImagePolicy policy, String location) {
        ImagePolicy.Verdict verdict = policy.check(location);
        assertThat(verdict).as(location).isInstanceOf(ImagePolicy.Fetch.class);
        return (ImagePolicy.Fetch) verdict;
    }

    private static ImageFetcher fetcher(Duration deadline, long maxBytes) {
        return new ImageFetcher(
                Duration.ofSeconds(2), deadline, maxBytes, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private static byte[] read(ImageFetcher.Answer answer) throws IOException {
        try (InputStream body = answer.body()) {
            return body.readAllBytes();
        }
    }

    // ---- through the generator --------------------------------------------------------------------

    @Test
    void the_production_policy_refuses_the_stubs_plain_http_images_before_any_request() {
        HeadshotGenerator production = astria.publicGenerator(
                URI.create(astria.server.baseUrl()),
                StubbedAstria.CALLBACK_SECRET,
                java.time.Duration.ofSeconds(5),
                astria.objects);
        List<String> locations = imagesFromTheApi(production, null);

        assertThat(locations)
                .isNotEmpty()
                .allSatisfy(location -> assertThat(location).startsWith("http://localhost:"));
        for (String location : locations) {
            assertThatThrownBy(() -> production.download(location))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only https")
                    .hasMessageContaining("nothing was fetched");
        }
        assertThat(astria.count("GET", "/images/.*")).isZero();
    }

    @Test
    void an_image_host_that_redirects_is_not_followed_and_the_target_receives_nothing() {
        LocalServer target = servers.add(LocalServer.serving(AstriaStub.png("internal")));
        LocalServer redirector = servers.add(LocalServer.redirectingTo(target.url("/internal.png")));
        HeadshotGenerator generator = astria.checkpointGenerator();
        List<String> locations = imagesFromTheApi(generator, List.of(redirector.url("/image.png")));

        assertThatThrownBy(() -> generator.download(locations.getFirst()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("302")
                .hasMessageContaining("never followed");
        assertThat(redirector.requests()).isEqualTo(1);
        assertThat(target.requests()).isZero();
    }

    @Test
    void an_image_address_from_the_api_at_an_ip_literal_is_refused_before_a_request() {
        LocalServer counting = servers.add(LocalServer.serving(AstriaStub.png("literal")));
        HeadshotGenerator generator = astria.checkpointGenerator();
        List<String> locations = imagesFromTheApi(generator, List.of("http://127.0.0.1:" + counting.port() + "/x.png"));

        assertThatThrownBy(() -> generator.download(locations.getFirst()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IP address");
        assertThat(counting.requests()).isZero();
    }

    // ---- the fetcher ------------------------------------------------------------------------------

    @Test
    void the_connection_goes_to_the_address_checked_and_the_name_is_never_looked_up_again() throws IOException {
        byte[] png = AstriaStub.png("pinned");
        LocalServer images = servers.add(LocalServer.serving(png));
        ImagePolicy policy = ImagePolicy.loopbackTestServersOnly(table, "images.kaptura.test");
        dns.put("images.kaptura.test", InetAddress.getLoopbackAddress());

        ImagePolicy.Fetch fetch = allowed(policy, "http://images.kaptura.test:" + images.port() + "/a.png");
        dns.put("images.kaptura.test", InetAddress.getByName("10.0.0.1")); // the name now "rebinds" elsewhere
        byte[] fetched = read(
                fetcher(Duration.ofSeconds(5), ImageFetcher.MAX_IMAGE_BYTES).get(fetch));

        assertThat(fetched).isEqualTo(png);
        assertThat(lookUps).hasValue(1);
        assertThat(images.heads())
                .singleElement()
                .satisfies(head -> assertThat(head)
                        .startsWith("GET /a.png HTTP/1.1\r\n")
                        .contains("Host: images.kaptura.test:" + images.port() + "\r\n")
                        .doesNotContainIgnoringCase("authorization")
                        .doesNotContainIgnoringCase("cookie"));
    }

    @Test
    void chunked_answers_and_interim_answers_are_read_to_the_image() throws IOException {
        LocalServer images =
                servers.add(LocalServer.answering(out -> out.write(("HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
                                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\nX-Trailer: t\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII))));
        ImagePolicy policy = ImagePolicy.loopbackTestServersOnly(InetAddress::getAllByName, "localhost");

        byte[] body = read(fetcher(Duration.ofSeconds(5), 1024).get(allowed(policy, images.url("/x.png"))));

        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("abcdefg");
    }

    @Test
    void an_image_larger_than_the_bound_fails_whether_announced_chunked_or_unannounced() throws IOException {
        byte[] big = new byte[2048];
        LocalServer announced = servers.add(LocalServer.serving(big));
        LocalServer chunked = servers.add(
                LocalServer.answering(out -> out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "800\r\n" + "x".repeat(2048) + "\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII))));
        LocalServer unannounced = servers.add(LocalServer.answering(
                out -> out.write(("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + "x".repeat(2048))
                        .getBytes(StandardCharsets.US_ASCII))));
        LocalServer justRight = servers.add(LocalServer.serving(new byte[1024]));
        ImagePolicy policy = ImagePolicy.loopbackTestServersOnly(InetAddress::getAllByName, "localhost");
        ImageFetcher fetcher = fetcher(Duration.ofSeconds(5), 1024);

        assertThatThrownBy(() -> fetcher.get(allowed(policy, announced.url("/x.png"))))
                .isInstanceOf(ImageFetcher.Broken.class)
                .hasMessageContaining("2048");
        assertThatThrownBy(() -> read(fetcher.get(allowed(policy, chunked.url("/x.png")))))
                .isInstanceOf(ImageFetcher.Broken.class);
        assertThatThrownBy(() -> read(fetcher.get(allowed(policy, unannounced.url("/x.png")))))
                .isInstanceOf(ImageFetcher.Broken.class);
        assertThat(read(fetcher.get(allowed(policy, justRight.url("/x.png"))))).hasSize(1024);
    }

    @Test
    void a_host_that_drips_its_answer_is_given_up_on_at_the_deadline() {
        LocalServer slow = servers.add(LocalServer.answering(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        }));
        ImagePolicy policy = ImagePolicy.loopbackTestServersOnly(InetAddress::getAllByName, "localhost");
        long started = System.nanoTime();

        assertThatThrownBy(
                        () -> read(fetcher(Duration.ofMillis(600), 1 << 20).get(allowed(policy, slow.url("/x.png")))))
                .isInstanceOf(IOException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3_000);
    }

    @Test
    void a_host_that_breaks_http_is_a_failure_not_an_image() {
        LocalServer garbage = servers.add(LocalServer.answering(
                out -> out.write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
        LocalServer twoLengths = servers.add(LocalServer.answering(
                out -> out.write(("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + "Content-Length: 4\r\n\r\nabcd")
                        .getBytes(StandardCharsets.US_ASCII))));
        ImagePolicy policy = ImagePolicy.loopbackTestServersOnly(InetAddress::getAllByName, "localhost");
        ImageFetcher fetcher = fetcher(Duration.ofSeconds(5), 1024);

        assertThatThrownBy(() -> fetcher.get(allowed(policy, garbage.url("/x.png"))))
                .isInstanceOf(ImageFetcher.Broken.class);
        assertThatThrownBy(() -> fetcher.get(allowed(policy, twoLengths.url("/x.png"))))
                .isInstanceOf(ImageFetcher.Broken.class);
    }

    // ---- TLS --------------------------------------------------------------------------------------

    @Test
    void tls_is_verified_against_the_host_name_although_the_socket_goes_to_the_checked_address() throws Exception {
        KeyStore server = certificateFor("images.kaptura.test");
        SSLContext serving = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(server, PASSWORD);
        serving.init(keys.getKeyManagers(), null, null);
        byte[] png = AstriaStub.png("tls");
        LocalServer images = servers.add(LocalServer.on(serving.getServerSocketFactory(), out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + png.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(png);
        }));
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("image", server.getCertificate("image"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        ImageFetcher fetcher =
                new ImageFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 20, client.getSocketFactory());
        dns.put("images.kaptura.test", InetAddress.getLoopbackAddress());
        dns.put("other.kaptura.test", InetAddress.getLoopbackAddress());
        ImagePolicy policy = ImagePolicy.loopbackTestServersOnly(table, "images.kaptura.test", "other.kaptura.test");

        byte[] fetched = read(fetcher.get(allowed(policy, "https://images.kaptura.test:" + images.port() + "/x.png")));
        assertThatThrownBy(() -> fetcher.get(allowed(policy, "https://other.kaptura.test:" + images.port() + "/x.png")))
                .isInstanceOf(SSLException.class);

        assertThat(fetched).isEqualTo(png);
        assertThat(images.requests())
                .as("only the request whose name the certificate carries")
                .isEqualTo(1);
    }

    private static final char[] PASSWORD = "changeit".toCharArray();

    /** A self-signed EC certificate for {@code host}, made by the JDK's keytool. */
    private KeyStore certificateFor(String host) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = keys.resolve(host + ".p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "image",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=" + host,
                        "-ext",
                        "SAN=dns:" + host,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(said).isZero();
        return KeyStore.getInstance(store.toFile(), PASSWORD);
    }
}
