package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.ports.in.HoldAccount;
import ai.kaptura.ports.out.RateLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node does when it starts, beyond wiring. */
class KapturaTest {

    @TempDir
    Path dataDir;

    /**
     * R6: the first policy version takes effect the moment it is published, never in the past, and is in force
     * when the node serves, however long publishing takes (here every reading of the clock is 100 ms later than
     * the one before).
     */
    @Test
    @Tag("R6")
    void the_first_policy_is_in_effect_when_the_node_serves_however_long_publishing_takes() throws Exception {
        AtomicLong millis = new AtomicLong(Instant.parse("2026-11-29T10:00:00Z").toEpochMilli());
        InstantSource slow = () -> Instant.ofEpochMilli(millis.addAndGet(100));
        int port = AttackTarget.freePort();
        Configuration config = Configuration.from(Map.of(
                "KAPTURA_DATA_DIR",
                dataDir.toString(),
                "KAPTURA_PORT",
                Integer.toString(port),
                "KAPTURA_BASE_URL",
                "http://localhost:" + port));

        try (Kaptura kaptura = KapturaComponent.wire(config, slow).start()) {
            HttpResponse<String> policy = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + kaptura.port() + "/api/privacy/policy"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(policy.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(policy.body());
            assertThat(body.get("version").isTextual())
                    .as("a policy version is in effect: %s", body)
                    .isTrue();
            assertThat(body.get("notices").size()).isPositive();
        }
    }

    /** R47: the wired counters live in the database, so a node started again on the same data still refuses. */
    @Test
    @Tag("R47")
    void attempts_counted_by_one_node_are_still_counted_by_the_next_one_on_the_same_database() {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-29T10:00:00Z"));
        Configuration config = Configuration.from(Map.of("KAPTURA_DATA_DIR", dataDir.toString()));
        RateLimits.Limit once = new RateLimits.Limit("once-a-minute", 1, Duration.ofMinutes(1));

        KapturaComponent first = DaggerKapturaComponent.factory().create(config, clock);
        try (PersistenceAdapter db = first.persistence()) {
            assertThat(first.rateLimits()).isSameAs(first.rateLimits());
            assertThat(first.rateLimits().attempt(once, "203.0.113.7")).isEmpty();
        }

        KapturaComponent next = DaggerKapturaComponent.factory().create(config, clock);
        try (PersistenceAdapter db = next.persistence()) {
            assertThat(next.rateLimits().attempt(once, "203.0.113.7")).contains(Duration.ofMinutes(1));
            assertThat(next.rateLimits().attempt(once, "203.0.113.8")).isEmpty();
        }
    }

    /** R11: the wired legal holds live in the database, so a hold placed through one node is in force on the next. */
    @Test
    @Tag("R11")
    void a_legal_hold_placed_through_one_node_is_in_force_on_the_next_on_the_same_database() {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-29T10:00:00Z"));
        Configuration config = Configuration.from(Map.of("KAPTURA_DATA_DIR", dataDir.toString()));
        EmailAddress ada = EmailAddress.of("ada@example.org");
        AccountId account = new AccountId(UUID.fromString("00000000-0000-4000-8000-0000000000a1"));
        Actor operator = new Actor(Actor.Kind.OPERATOR, "op-ana");

        KapturaComponent first = DaggerKapturaComponent.factory().create(config, clock);
        try (PersistenceAdapter db = first.persistence()) {
            db.transactions().run(() -> db.accounts().save(Account.open(account, ada, clock.instant())));
            assertThat(first.holdAccount()
                            .place(
                                    operator,
                                    ada,
                                    LegalHold.Basis.SUBPOENA,
                                    "Cook County Circuit Court 2028-L-001234",
                                    "Preservation of evidence in a fraud case"))
                    .isEqualTo(new HoldAccount.Outcome.Placed(account));
        }

        KapturaComponent next = DaggerKapturaComponent.factory().create(config, clock);
        try (PersistenceAdapter db = next.persistence()) {
            assertThat(next.holdAccount().active())
                    .singleElement()
                    .satisfies(hold -> assertThat(hold.account()).isEqualTo(account));
            assertThat(next.holdAccount().lift(operator, ada, "The court released the evidence"))
                    .isEqualTo(new HoldAccount.Outcome.Lifted(account));
        }
    }
}
