package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.ports.out.ProcessorObligations;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every processor adapter must do for the person's rights: pass a corrected address on (R26) and
 * answer an erasure with an outcome for its location (R27), never leaking the address into what it
 * reports.
 */
public abstract class ProcessorObligationsContract {

    protected static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    /** The adapter, with nothing held for anyone. */
    protected abstract ProcessorObligations obligations();

    /** Makes the processor hold {@code email} for {@code account}, as the adapter's normal work would. */
    protected abstract void processorHolds(ProcessorObligations adapter, AccountId account, EmailAddress email);

    /** A new account whose address, ada@example.com, the processor holds. */
    private AccountId adaHeldBy(ProcessorObligations adapter) {
        AccountId account = new AccountId(UUID.randomUUID());
        processorHolds(adapter, account, EmailAddress.of("ada@example.com"));
        return account;
    }

    @Test
    void it_is_named_as_in_the_registry() {
        assertThat(obligations().processorName()).matches("[a-z0-9][a-z0-9-]*");
    }

    @Test
    void rectification_reports_what_was_done_without_the_address() {
        ProcessorObligations adapter = obligations();
        AccountId account = new AccountId(UUID.randomUUID());
        processorHolds(adapter, account, EmailAddress.of("old@example.com"));

        String done = adapter.rectifyEmail(account, EmailAddress.of("new.address@example.org"));

        assertThat(done).isNotBlank().doesNotContain("@").doesNotContain("new.address");
    }

    @Test
    void erasure_answers_an_outcome_for_the_location_without_the_address() {
        ProcessorObligations adapter = obligations();
        AccountId account = adaHeldBy(adapter);

        LocationOutcome outcome = adapter.erase(account, List.of(), NOW);

        assertThat(outcome).isNotNull();
        assertThat(outcome.at()).isEqualTo(NOW);
        assertThat(outcome)
                .as(
                        "an adapter answers the current forms: evidence with the location's answer, or an Art. 17(3) ground")
                .isNotInstanceOfAny(LocationOutcome.LegacyErased.class, LocationOutcome.LegacyRetained.class);
        assertThat(outcome.toString()).doesNotContain("ada@example.com");
    }

    @Test
    void erasing_twice_is_harmless() {
        ProcessorObligations adapter = obligations();
        AccountId account = adaHeldBy(adapter);
        LocationOutcome first = adapter.erase(account, List.of(), NOW);

        LocationOutcome second = adapter.erase(account, List.of(), NOW.plusSeconds(60));

        // After an erasure the processor holds nothing of the person but what it keeps by law: the second finds that.
        switch (first) {
            case LocationOutcome.RetainedWithBasis kept ->
                assertThat(second)
                        .as("what is kept, on which ground and until when, is unchanged")
                        .isEqualTo(new LocationOutcome.RetainedWithBasis(
                                kept.whatIsKept(), kept.ground(), kept.detail(), kept.lapsesOn(), NOW.plusSeconds(60)));
            case LocationOutcome.Erased _, LocationOutcome.NothingHeld _ ->
                assertThat(second).as("nothing is left to erase").isInstanceOf(LocationOutcome.NothingHeld.class);
            case LocationOutcome.LegacyErased _, LocationOutcome.LegacyRetained _ ->
                throw new AssertionError("an adapter answers the current forms, never a legacy one: " + first);
            case LocationOutcome.HeldUnderLegalHold _ ->
                throw new AssertionError("a legal hold keeps our own photos, never a processor's data: " + first);
        }
        assertThat(second.at()).isEqualTo(NOW.plusSeconds(60));
        assertThat(second.toString()).doesNotContain("ada@example.com");
    }
}
