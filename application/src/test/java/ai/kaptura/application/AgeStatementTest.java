package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AgeAttestation;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.UploadSelfie;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R42: a person says once, before the first selfie, that they are 18 or older, on the notice text of the version in
 * force; nothing of theirs is processed before, and a "no" is refused without recording anything.
 */
@Tag("R42")
class AgeStatementTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    @Test
    void no_selfie_is_taken_before_the_person_says_they_are_18_or_older_at_sign_up() {
        Journey ada =
                new Journey(k, "ada@example.com").signInWithoutStatingAge().order();
        assertThat(k.signIn.hasStatedAdult(ada.account)).isFalse();

        UploadSelfie.Outcome early = ada.upload(Journey.png(64, 1));

        assertThat(early)
                .isInstanceOfSatisfying(
                        UploadSelfie.Outcome.Refused.class,
                        refused -> assertThat(refused.why().reason()).isEqualTo(Rejection.Reason.AGE_NOT_STATED));
        assertThat(k.vault.countOf(ada.account)).as("nothing stored").isZero();

        assertThat(k.signIn.stateAdult(ada.account, TestKaptura.V1, false))
                .get()
                .extracting(Rejection::reason)
                .isEqualTo(Rejection.Reason.ADULT_ATTESTATION_MISSING);
        assertThat(k.signIn.stateAdult(ada.account, new NoticeVersion("1999-01"), true))
                .get()
                .extracting(Rejection::reason)
                .isEqualTo(Rejection.Reason.NOTICE_VERSION_OUTDATED);
        assertThat(k.signIn.hasStatedAdult(ada.account)).isFalse();

        assertThat(k.signIn.stateAdult(ada.account, TestKaptura.V1, true)).isEmpty();
        assertThat(k.signIn.stateAdult(ada.account, TestKaptura.V1, true))
                .as("saying it again changes nothing")
                .isEmpty();

        assertThat(k.stores.accounts().find(ada.account).orElseThrow().attestations())
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.where()).isEqualTo(AgeAttestation.Where.SIGN_UP);
                    assertThat(a.textVersion()).isEqualTo(TestKaptura.V1);
                });
        assertThat(k.stores.auditLog().read(1, 10_000))
                .filteredOn(e -> e.event().action() == AuditAction.AGE_ATTESTED)
                .singleElement()
                .satisfies(e -> assertThat(e.event().details()).containsEntry("where", "SIGN_UP"));
        assertThat(ada.upload(Journey.png(64, 1))).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);
    }
}
