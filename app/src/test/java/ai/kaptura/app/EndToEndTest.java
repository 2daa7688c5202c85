package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.GpsDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole product through real HTTP on the embedded defaults (H2, filesystem vault, sandbox generator and
 * payments, email outbox): sign in with the code from the outbox, order, upload ten JPEGs that carry GPS,
 * check out with both consents, pay on the sandbox page, wait for delivery. Then: the headshots carry the
 * AI marker, no selfie is left in the vault, the audit chain verifies, and no stored selfie ever had GPS. And
 * consent renewal (R9) through the operator's publish-policy command, the email that says the order waits, and the
 * order API.
 */
class EndToEndTest {

    static final String EMAIL = "ada.lovelace@example.org";

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    @Tag("R10")
    @Tag("R37")
    @Tag("R43")
    @Tag("R46")
    void a_person_signs_in_orders_uploads_consents_pays_and_receives_marked_headshots_and_their_selfies_are_gone(
            AttackTarget kaptura) throws Exception {
        // Sign in with the code that landed in the outbox.
        Visitor ada = kaptura.browser().signIn(EMAIL);

        // Order and upload ten photos that carry GPS.
        String order = ada.order("studio-grey", "bright-office");
        for (int i = 0; i < 10; i++) {
            byte[] photo = AttackTarget.selfie(i);
            assertThat(hasGps(photo)).as("the upload carries GPS").isTrue();
            HttpResponse<String> uploaded = ada.upload(order, photo);
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        }
        assertThat(kaptura.selfieObjects())
                .as("the selfies are in the vault, encrypted")
                .hasSize(10);
        assertThat(storedSelfiesFromExport(ada))
                .hasSize(10)
                .allSatisfy(stored -> assertThat(hasGps(stored)).isFalse());

        // Check out with both consents and the 18+ attestation, on the notice version shown; pay on the sandbox page.
        ada.payOnSandbox(ada.checkOut(order));

        // Wait for training, generation and delivery (sandbox callbacks through the same path as Astria's).
        JsonNode delivered = ada.awaitStatus(order, "delivered", Duration.ofSeconds(90));
        assertThat(delivered.get("status").asText()).isEqualTo("delivered");

        JsonNode headshots = Visitor.tree(ada.get("/api/orders/" + order + "/headshots"));
        assertThat(headshots.get("aiGenerated").asBoolean()).isTrue();
        assertThat(headshots.get("headshots").size()).isGreaterThanOrEqualTo(8);
        for (JsonNode headshot : headshots.get("headshots")) {
            HttpResponse<byte[]> image = ada.download(headshot.get("url").asText());
            assertThat(image.statusCode()).isEqualTo(200);
            String xmp = new String(image.body(), StandardCharsets.ISO_8859_1);
            assertThat(xmp)
                    .as("the IPTC digital source type in the file's XMP")
                    .contains("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
            assertThat(xmp).doesNotContain(EMAIL);
        }

        // Delivered: the selfies are deleted at once (R10) — no object, so nothing to decrypt.
        AttackTarget.await(
                () -> kaptura.selfieObjects().isEmpty(), Duration.ofSeconds(30), "the selfies leave the vault");
        assertThat(kaptura.selfieObjects()).isEmpty();
        assertThat(Files.list(kaptura.dataDir.resolve("outbox")).map(Path::toString))
                .anyMatch(n -> n.contains("headshots-ready"));

        // The audit chain verifies and holds pseudonymous ids only.
        HttpResponse<String> chain = kaptura.asAuditor("/api/audit/chain");
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(Visitor.tree(chain).get("intact").asBoolean())
                .as(chain.body())
                .isTrue();
        HttpResponse<String> events = kaptura.asAuditor("/api/audit/events?limit=500");
        assertThat(events.body()).contains("selfie").doesNotContain(EMAIL);
    }

    /**
     * R9 through the whole product: a policy version material for biometrics, published by the operator's command
     * while the node runs, takes effect after the person consented and before they pay. The paid order is not sent
     * to the vendor; its page says consent must be renewed, and so does an email; once renewed on the new notices, it is
     * delivered.
     */
    @Test
    @Tag("R9")
    void a_material_policy_taking_effect_before_payment_holds_the_order_until_consent_is_renewed(AttackTarget kaptura)
            throws Exception {
        Visitor ada = kaptura.browser().signIn(EMAIL);
        String order = ada.order();
        ada.uploadSelfies(order, 8);
        URI checkoutUrl = ada.checkOut(order);

        Instant effective = Instant.now().plusSeconds(2);
        Path policy = Files.createDirectories(kaptura.dataDir.resolve("policy-2099-01"));
        Files.writeString(
                policy.resolve("policy.properties"),
                "version=2099-01\neffective-at=" + effective
                        + "\nmaterial-for-biometrics=true\nsummary=Selfies also train a lighting model\n");
        for (String notice :
                List.of("biometric-processing", "vendor-disclosure", "adult-attestation", "privacy-policy")) {
            Files.writeString(policy.resolve(notice + ".en.txt"), "The new " + notice + " notice.");
        }
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new String[] {"publish-policy", policy.toString()},
                        kaptura.env,
                        new PrintStream(said, true, StandardCharsets.UTF_8),
                        new PrintStream(said, true, StandardCharsets.UTF_8)))
                .as(said.toString(StandardCharsets.UTF_8))
                .isZero();
        AttackTarget.await(
                () -> Instant.now().isAfter(effective.plusMillis(100)),
                Duration.ofSeconds(10),
                "the new version takes effect");
        ada.payOnSandbox(checkoutUrl);

        ada.awaitStatus(order, "paid", Duration.ofSeconds(30));
        Thread.sleep(3_000); // the sandbox would have trained by now (KAPTURA_SANDBOX_DELAY=1)
        JsonNode waiting = ada.orderDetails(order);
        assertThat(waiting.get("status").asText()).as("not sent to the vendor").isEqualTo("paid");
        assertThat(waiting.get("processingBlocker").get("reason").asText()).isEqualTo("consent-stale");
        String notice = kaptura.awaitMail("consent-renewal-needed", EMAIL, 0); // the person is told the order waits
        assertThat(notice)
                .contains("Selfies also train a lighting model")
                .contains("/orders/" + order)
                .contains("cancel the order");

        JsonNode current = Visitor.tree(ada.get("/api/privacy/policy"));
        assertThat(current.get("version").asText()).isEqualTo("2099-01");
        HttpResponse<String> renewed = ada.post(
                "/api/orders/" + order + "/consents/renew",
                Map.of(
                        "consents",
                        Map.of("biometricProcessing", true, "vendorDisclosure", true),
                        "noticeVersion",
                        "2099-01",
                        "adult",
                        true));
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);

        JsonNode delivered = ada.awaitStatus(order, "delivered", Duration.ofSeconds(90));
        assertThat(delivered.get("processingBlocker").isNull()).isTrue();
    }

    /** The selfies exactly as stored, from the person's own export (R29). */
    private static List<byte[]> storedSelfiesFromExport(Visitor person) throws IOException {
        HttpResponse<byte[]> export =
                person.sendForBytes(person.request("POST", "/api/me/export", HttpRequest.BodyPublishers.noBody())
                        .build());
        assertThat(export.statusCode()).isEqualTo(200);
        List<byte[]> images = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(export.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                byte[] bytes = zip.readAllBytes();
                if (entry.getName().contains("selfie")
                        && bytes.length > 2
                        && (bytes[0] & 0xff) == 0xFF
                        && (bytes[1] & 0xff) == 0xD8) {
                    images.add(bytes);
                }
            }
        }
        return images;
    }

    static boolean hasGps(byte[] jpeg) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(jpeg));
            GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
            return gps != null && gps.getGeoLocation() != null;
        } catch (Exception e) {
            throw new AssertionError("the photo cannot be read", e);
        }
    }
}
