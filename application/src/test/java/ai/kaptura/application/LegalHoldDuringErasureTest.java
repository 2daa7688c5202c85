package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.ports.in.HoldAccount;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.out.fake.FakeProcessorObligations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R11 with R27: a hold placed or lifted while an erasure is under way (here, waiting for a processor that does not
 * answer) keeps what it holds while it lasts, and whatever it kept goes once it is lifted.
 */
@Tag("R11")
@Tag("R27")
class LegalHoldDuringErasureTest {

    private static final Actor OPERATOR = new Actor(Actor.Kind.OPERATOR, "op-ana");

    private final FakeProcessorObligations mail = new FakeProcessorObligations("test-mail");
    private final TestKaptura k = new TestKaptura(
                    c -> new FakeHeadshotGenerator("generator-secret", c),
                    c -> new FakePaymentGateway("whsec_test", c),
                    List.of(mail),
                    Optional.of("test-mail"))
            .withPolicy();

    LegalHoldDuringErasureTest() {
        k.stores.processors().register(mail.registryEntry(DataCategory.ACCOUNT));
    }

    private HoldAccount.Outcome hold(Journey j) {
        return k.holdAccount.place(
                OPERATOR,
                j.email,
                LegalHold.Basis.SUBPOENA,
                "Cook County Circuit Court 2028-L-001234",
                "Preservation order in a fraud investigation");
    }

    @Test
    void a_hold_lifted_while_the_erasure_waits_lets_the_erasure_take_what_it_kept() {
        Journey j = new Journey(k, "ada@example.com").generating();
        hold(j);
        j.generationFinishes();
        k.runDueJobs();
        mail.holds(j.account, j.email);
        mail.reachable(false);
        PrivacyRequestId erasure = k.erase.erase(j.account).request();
        k.runDueJobs();
        assertThat(k.request(erasure).checklist().orElseThrow().items().get(Location.PHOTO_VAULT))
                .get()
                .isInstanceOf(LocationOutcome.HeldUnderLegalHold.class);
        assertThat(k.vault.countOf(j.account)).isPositive();

        k.holdAccount.lift(OPERATOR, j.email, "The court released the evidence");
        k.pass(Duration.ofMinutes(10));
        mail.reachable(true);
        k.pass(Duration.ofHours(2));

        assertThat(k.request(erasure).status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.stores.orders().ofAccount(j.account)).isEmpty();
    }

    @Test
    void a_hold_placed_after_the_vault_was_erased_keeps_the_rows_until_it_is_lifted() {
        Journey j = new Journey(k, "ada@example.com").delivered();
        mail.holds(j.account, j.email);
        mail.reachable(false);
        PrivacyRequestId erasure = k.erase.erase(j.account).request();
        k.runDueJobs();
        assertThat(k.vault.countOf(j.account))
                .as("the vault is erased meanwhile")
                .isZero();

        assertThat(hold(j)).isEqualTo(new HoldAccount.Outcome.Placed(j.account));
        mail.reachable(true);
        k.pass(Duration.ofHours(2));

        assertThat(k.request(erasure).status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(k.stores.orders().ofAccount(j.account))
                .as("the rows are kept under the hold")
                .hasSize(1);

        k.holdAccount.lift(OPERATOR, j.account, "The court released the evidence");
        k.pass(Duration.ofMinutes(10));

        assertThat(k.stores.orders().ofAccount(j.account)).isEmpty();
        assertThat(k.stores.auditLog().read(1, 10_000))
                .filteredOn(e -> e.event().action() == AuditAction.HELD_DATA_ERASED)
                .hasSize(1);
    }
}
