package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Selfies stream into the draft; the 15 MB limit holds while reading, and a refused upload leaves nothing. */
@Tag("R1")
@Tag("R4")
class SelfieUploadTest {

    private static final String BOUNDARY = "----kaptura-test-boundary-7MA4YWxkTrZu0gW";
    private static final long LIMIT = HttpAdapter.MAX_UPLOAD_BYTES;

    @RegisterExtension
    static final Server server = new Server();

    private record Person(Server.Session session, Order order) {}

    private static Person person(String email) {
        Server.Session session = server.signIn(email);
        AccountId account = server.fakes.signIn.authenticate(session.token()).orElseThrow();
        return new Person(session, server.fakes.orders.draftFor(account));
    }

    private static byte[] head(String field, String filename) {
        return ("preamble is ignored\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\""
                        + (filename == null ? "" : "; filename=\"" + filename + "\"")
                        + "\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tail() {
        return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] multipart(String field, String filename, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head(field, filename));
        out.writeBytes(content);
        out.writeBytes(tail());
        return out.toByteArray();
    }

    /** A part of {@code size} bytes made on the fly, so nothing this large sits in memory. */
    private static InputStream streamed(long size) {
        InputStream photo = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        return new SequenceInputStream(Collections.enumeration(
                List.of(new ByteArrayInputStream(head("selfie", "big.jpg")), photo, new ByteArrayInputStream(tail()))));
    }

    private static HttpRequest.Builder upload(Person person, HttpRequest.BodyPublisher body) {
        return server.request("POST", "/api/orders/" + person.order().id() + "/selfies", body)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Cookie", person.session().cookie())
                .header("X-CSRF-Token", person.session().csrf());
    }

    /** Sends {@code body} as an upload into the person's order. */
    private static HttpResponse<String> send(Person person, byte[] body) {
        return server.send(
                upload(person, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static Map<String, Object> problem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        Map<String, Object> body = Server.parse(response.body());
        assertThat(body).containsEntry("type", "https://kaptura.ai/problems/" + slug);
        return body;
    }

    private static long liveSelfies(Person person) {
        return server.fakes.orders.orders.get(person.order().id()).liveSelfies().size();
    }

    @Test
    void a_photo_reaches_the_draft_byte_for_byte() {
        Person ada = person("ada-upload@example.org");
        byte[] photo = new byte[300_000];
        for (int i = 0; i < photo.length; i++) {
            photo[i] = (byte) (i * 31);
        }
        // A stretch that looks like the start of a boundary must not end the part.
        byte[] lookalike = ("\r\n--" + BOUNDARY.substring(0, 20)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(lookalike, 0, photo, 1000, lookalike.length);

        HttpResponse<String> response = send(ada, multipart("selfie", "me.jpg", photo));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Map<String, Object> body = Server.parse(response.body());
        assertThat(body).containsEntry("selfiesInOrder", 1);
        assertThat(server.fakes.orders.kept.values())
                .anySatisfy(kept -> assertThat(kept).isEqualTo(photo));
        assertThat(liveSelfies(ada)).isEqualTo(1);
    }

    @Test
    void a_declared_length_over_the_limit_is_refused_before_a_byte_is_read() {
        Person ada = person("ada-declared@example.org");
        int attempts = server.fakes.orders.uploadBytesSeen.size();
        byte[] body = multipart("selfie", "huge.jpg", new byte[(int) LIMIT + 200_000]);

        HttpResponse<String> response = server.send(upload(ada, HttpRequest.BodyPublishers.ofByteArray(body))
                .expectContinue(true)
                .build());

        Map<String, Object> problem = problem(response, 413, "payload-too-large");
        assertThat((String) problem.get("detail")).contains("15 MB").contains("nothing was stored");
        assertThat(server.fakes.orders.uploadBytesSeen).hasSize(attempts);
        assertThat(liveSelfies(ada)).isZero();
    }

    @Test
    void a_stream_growing_past_the_limit_is_stopped_there_and_nothing_is_kept() {
        Person ada = person("ada-streams@example.org");

        HttpResponse<String> response =
                server.send(upload(ada, HttpRequest.BodyPublishers.ofInputStream(() -> streamed(LIMIT + 1_000_000)))
                        .build());

        problem(response, 413, "payload-too-large");
        long seen = server.fakes.orders.uploadBytesSeen.getLast();
        assertThat(seen).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT - 200_000);
        assertThat(liveSelfies(ada)).isZero();
    }

    @Test
    void a_photo_of_exactly_the_limit_is_accepted() {
        Person ada = person("ada-exact@example.org");

        HttpResponse<String> response =
                server.send(upload(ada, HttpRequest.BodyPublishers.ofInputStream(() -> streamed(LIMIT)))
                        .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(server.fakes.orders.uploadBytesSeen.getLast()).isEqualTo(LIMIT);
    }

    @Test
    void a_selfie_stored_from_a_truncated_read_is_removed_again() {
        Person ada = person("ada-careless@example.org");
        server.fakes.orders.keepPartialUploads = true;
        try {
            HttpResponse<String> response =
                    server.send(upload(ada, HttpRequest.BodyPublishers.ofInputStream(() -> streamed(LIMIT + 10)))
                            .build());

            problem(response, 413, "payload-too-large");
            assertThat(liveSelfies(ada)).isZero();
            assertThat(server.fakes.orders.removed).isNotEmpty();
        } finally {
            server.fakes.orders.keepPartialUploads = false;
        }
    }

    @Test
    void a_photo_in_another_field_is_refused_and_nothing_is_kept() {
        Person ada = person("ada-field@example.org");

        HttpResponse<String> response = send(ada, multipart("avatar", "me.jpg", Fakes.JPEG));

        problem(response, 400, "validation");
        assertThat(liveSelfies(ada)).isZero();
    }

    @Test
    void two_photos_in_one_request_are_refused_and_neither_is_kept() {
        Person ada = person("ada-two@example.org");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(head("selfie", "one.jpg"));
        body.writeBytes(Fakes.JPEG);
        body.writeBytes(("\r\n--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"two.jpg\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Fakes.JPEG);
        body.writeBytes(tail());

        HttpResponse<String> response = send(ada, body.toByteArray());

        problem(response, 400, "validation");
        assertThat(liveSelfies(ada)).isZero();
    }

    @Test
    void a_body_that_is_not_multipart_is_an_unsupported_media_type() {
        Person ada = person("ada-json@example.org");

        HttpResponse<String> response = server.send(server.request(
                        "POST",
                        "/api/orders/" + ada.order().id() + "/selfies",
                        HttpRequest.BodyPublishers.ofByteArray(Fakes.JPEG))
                .header("Content-Type", "image/jpeg")
                .header("Cookie", ada.session().cookie())
                .header("X-CSRF-Token", ada.session().csrf())
                .build());

        problem(response, 415, "unsupported-media-type");
    }

    @Test
    void a_broken_multipart_body_is_a_bad_request() {
        Person ada = person("ada-broken@example.org");
        byte[] body = ("--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"a.jpg\"\r\n\r\nno closing boundary")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(ada, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(liveSelfies(ada)).isZero();
    }

    @Test
    void nobody_uploads_into_another_persons_order() {
        Person ada = person("ada-target@example.org");
        Server.Session bob = server.signIn("bob-uploader@example.org");
        int attempts = server.fakes.orders.uploadBytesSeen.size();

        HttpResponse<String> response = server.send(server.request(
                        "POST",
                        "/api/orders/" + ada.order().id() + "/selfies",
                        HttpRequest.BodyPublishers.ofByteArray(multipart("selfie", "x.jpg", Fakes.JPEG)))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Cookie", bob.cookie())
                .header("X-CSRF-Token", bob.csrf())
                .build());

        problem(response, 404, "not-found");
        assertThat(server.fakes.orders.uploadBytesSeen).hasSize(attempts);
    }

    @Test
    void a_selfie_can_be_removed_from_the_draft() {
        Person ada = person("ada-removes@example.org");
        HttpResponse<String> uploaded = send(ada, multipart("selfie", "me.jpg", Fakes.JPEG));
        String selfie = (String) Server.parse(uploaded.body()).get("selfie");

        HttpResponse<String> removed =
                server.json("DELETE", "/api/orders/" + ada.order().id() + "/selfies/" + selfie, null, ada.session());

        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        assertThat(liveSelfies(ada)).isZero();
    }
}
