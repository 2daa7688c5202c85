package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.app.AttackTarget.Visitor;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upload storm against the whole node, in-process on the embedded defaults with two decoders: 32 large photos at
 * once from four signed-in people, eight each into their own draft. Every upload is answered, either stored (201) or
 * refused as busy (503 {@code server-busy} with a {@code Retry-After}, nothing kept), never with an error or a
 * dropped connection; every photo answered 201 is in its draft and in the vault; no more photos were ever decoded
 * at once than there are decoders; and a light request made while the storm runs is answered. Speed is the
 * benchmark's business ({@code bench/uploads.sh}), not this test's.
 */
@Tag("attack")
class ConcurrentUploadsAttackTest {

    private static final int PEOPLE = 4;
    private static final int PHOTOS_EACH = 8;
    private static final int DECODERS = 2;

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    /** One signed-in person: their own cookies, CSRF token and draft. */
    private record Person(String email, Visitor visitor, String order) {}

    private record Answer(Person person, int status, String body, Optional<String> retryAfter) {}

    @Test
    void thirty_two_large_uploads_at_once_are_each_stored_or_refused_busy_and_never_decoded_beyond_the_decoders()
            throws Exception {
        AttackTarget target = targets.start(Map.of(
                "KAPTURA_DECODE_CONCURRENCY",
                Integer.toString(DECODERS),
                "KAPTURA_UPLOAD_CONCURRENCY",
                "8",
                "KAPTURA_UPLOAD_WAIT",
                "5s"));
        StorageAdapter.DecodeLoad decoders = target.decoders();
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String email = "storm-" + i + "@example.org";
            Visitor person = target.browser().signIn(email);
            people.add(new Person(email, person, person.order()));
        }
        byte[] photo = largePhoto();
        assertThat(photo.length)
                .as("a large photo, to be decoded (over 4096 pixels a side)")
                .isGreaterThan(2_000_000);

        List<Answer> answers = new ArrayList<>();
        int lightStatus;
        try (ExecutorService storm = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> uploads = new ArrayList<>();
            for (Person person : people) {
                for (int i = 0; i < PHOTOS_EACH; i++) {
                    uploads.add(storm.submit(() -> upload(person, photo)));
                }
            }
            // While photos are being decoded, a light request of one of the same people.
            awaitDecoding(decoders, uploads);
            lightStatus = people.getFirst()
                    .visitor()
                    .get("/api/orders/" + people.getFirst().order())
                    .statusCode();
            for (Future<Answer> upload : uploads) {
                answers.add(upload.get(5, TimeUnit.MINUTES));
            }
        }

        assertThat(answers).hasSize(PEOPLE * PHOTOS_EACH).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isIn(201, 503);
            if (answer.status() == 503) {
                assertThat(answer.body()).contains("https://kaptura.ai/problems/server-busy");
                assertThat(answer.retryAfter()).as("Retry-After").hasValue("5");
            }
        });
        long stored = answers.stream().filter(a -> a.status() == 201).count();
        assertThat(stored).as("some photos get through the storm").isPositive();
        for (Person person : people) {
            long answered201 = answers.stream()
                    .filter(a -> a.person() == person && a.status() == 201)
                    .count();
            assertThat(person.visitor()
                            .orderDetails(person.order())
                            .get("selfies")
                            .size())
                    .as("selfies in %s's draft", person.email())
                    .isEqualTo((int) answered201);
        }
        assertThat(target.selfieObjects()).as("encrypted selfies in the vault").hasSize((int) stored);
        assertThat(decoders.permits()).isEqualTo(DECODERS);
        assertThat(decoders.mostInFlight())
                .as("photos decoded at once, at most")
                .isEqualTo(DECODERS);
        assertThat(decoders.inFlight()).isZero();
        assertThat(lightStatus).as("a light request during the storm").isEqualTo(200);
    }

    private static Answer upload(Person person, byte[] photo) {
        HttpResponse<String> response = person.visitor().upload(person.order(), photo);
        return new Answer(
                person,
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Retry-After"));
    }

    /** Waits until a photo is being decoded (or every upload was already answered). */
    private static void awaitDecoding(StorageAdapter.DecodeLoad decoders, List<Future<Answer>> uploads)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (decoders.inFlight() == 0
                && !uploads.stream().allMatch(Future::isDone)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
    }

    /** A 4800 × 3600 JPEG (17 megapixels, a few MB): over 4096 pixels a side, so every upload of it is decoded. */
    private static byte[] largePhoto() throws IOException {
        BufferedImage image = new BufferedImage(4800, 3600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), 4800, 3600, new Color(230, 200, 150)));
        g.fillRect(0, 0, 4800, 3600);
        g.setColor(new Color(220, 180, 150));
        g.fillOval(1500, 700, 1800, 2300);
        g.dispose();
        Random grain = new Random(7);
        for (int y = 0; y < 3600; y++) {
            for (int x = 0; x < 4800; x++) {
                int rgb = image.getRGB(x, y);
                int n = grain.nextInt(24) - 12;
                image.setRGB(
                        x,
                        y,
                        (clamp((rgb >> 16 & 0xff) + n) << 16)
                                | (clamp((rgb >> 8 & 0xff) + n) << 8)
                                | clamp((rgb & 0xff) + n));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static int clamp(int value) {
        return Math.clamp(value, 0, 255);
    }
}
