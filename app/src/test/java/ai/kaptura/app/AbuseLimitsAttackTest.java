package ai.kaptura.app;

import static ai.kaptura.app.AttackTarget.Visitor.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Abuse that costs us storage, rows or mail, tried against the real product (R47): drafts opened by the dozen and
 * filled with photos without paying, anonymous writes, limits dodged by a forged {@code X-Forwarded-For} or by a
 * fresh IPv6 address from the same /64, and a multipart body that is all preamble.
 */
@Tag("attack")
@Tag("R47")
class AbuseLimitsAttackTest {

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void thirty_drafts_in_a_row_stop_at_the_limit_with_a_reason_and_discarding_one_makes_room(AttackTarget target)
            throws Exception {
        Visitor hoarder = target.browser().signIn("hoarder@example.org");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(hoarder.post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey"))));
        }

        assertThat(answers.subList(0, 3))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(answers.subList(3, 30)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(problem(r)).isEqualTo("open-order-limit");
            assertThat(Visitor.field(r, "detail")).contains("unpaid orders");
        });
        String first = Visitor.field(answers.getFirst(), "id");
        HttpResponse<String> discarded = hoarder.json("DELETE", "/api/orders/" + first, null);
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(hoarder.post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey")))
                        .statusCode())
                .isEqualTo(201);
        assertThat(target.browser()
                        .signIn("someone.else@example.org")
                        .post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey")))
                        .statusCode())
                .as("the limit is per person")
                .isEqualTo(201);
    }

    @Test
    void photos_held_by_unpaid_orders_stop_at_the_byte_quota_across_drafts_and_the_refused_photo_is_not_kept()
            throws Exception {
        AttackTarget target = targets.start(Map.of("KAPTURA_MAX_UNPAID_MB", "3"));
        Visitor hoarder = target.browser().signIn("hoarder@example.org");
        String one = hoarder.order();
        String two = hoarder.order();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 12 && refused == null; i++) {
            HttpResponse<String> uploaded = hoarder.upload(i % 2 == 0 ? one : two, noisyJpeg(i));
            statuses.add(uploaded.statusCode());
            if (uploaded.statusCode() != 201) {
                refused = uploaded;
            }
        }

        assertThat(refused)
                .as("uploads stopped at 3 MB of photos; statuses " + statuses)
                .isNotNull();
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(problem(refused)).isEqualTo("storage-quota");
        assertThat(Visitor.field(refused, "detail")).contains("MB").contains("remove some photos");
        int stored = (int) statuses.stream().filter(s -> s == 201).count();
        assertThat(stored).as("both drafts count against one quota").isBetween(2, 11);
        int inOrders =
                Visitor.tree(hoarder.get("/api/orders/" + one)).path("selfies").size()
                        + Visitor.tree(hoarder.get("/api/orders/" + two))
                                .path("selfies")
                                .size();
        assertThat(inOrders).isEqualTo(stored);
    }

    @Test
    void anonymous_cookie_choices_stop_at_the_network_limit(AttackTarget target) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(target.browser()
                    .post("/api/cookies", Map.of("analytics", false, "bannerVersion", "2026-11"))
                    .statusCode());
        }

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(30);
        assertThat(statuses.subList(30, 40)).containsOnly(429);
    }

    @Test
    void behind_a_proxy_a_forged_forwarded_address_or_a_new_ipv6_address_of_the_same_64_is_the_same_network()
            throws Exception {
        AttackTarget target = targets.start(Map.of("KAPTURA_TRUST_PROXY", "true"));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // The client writes a fresh address on the left and takes a fresh one of its /64; the proxy appends the
            // last.
            String forwarded = "198.51.100." + i + ", 2001:db8:77:1:" + Integer.toHexString(0x1000 + i) + "::" + i;
            statuses.add(start(target, forwarded, "probe" + i + "@example.org").statusCode());
        }
        int otherNetwork = start(target, "198.51.100.1, 2001:db8:77:2::1", "other@example.org")
                .statusCode();

        assertThat(statuses.subList(0, 10)).containsOnly(202);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
        assertThat(otherNetwork).as("the next /64 is another network").isEqualTo(202);
    }

    @Test
    void a_multipart_body_that_is_all_preamble_is_refused_without_reading_it_to_the_end(AttackTarget target)
            throws Exception {
        Visitor person = target.browser().signIn("ada@example.org");
        String order = person.order();
        byte[] body = ("x".repeat(2 * 1024 * 1024)
                        + "\r\n--b\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"a.jpg\"\r\n\r\n"
                        + "x\r\n--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        HttpResponse<String> answer = person.send(person.request(
                        "POST", "/api/orders/" + order + "/selfies", HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .build());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Visitor.field(answer, "detail")).contains("before its first part");
        assertThat(Visitor.tree(person.get("/api/orders/" + order))
                        .path("selfies")
                        .size())
                .isZero();
    }

    private static HttpResponse<String> start(AttackTarget target, String forwardedFor, String email) {
        Visitor bot = target.apiClient();
        return bot.send(bot.request(
                        "POST", "/api/auth/start", HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .build());
    }

    /** A 1000×1000 JPEG of noise (about 0.8 MB after sanitising, hard to compress), different per seed. */
    static byte[] noisyJpeg(int seed) throws IOException {
        BufferedImage image = new BufferedImage(1000, 1000, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < 1000; y++) {
            for (int x = 0; x < 1000; x++) {
                image.setRGB(x, y, new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}
