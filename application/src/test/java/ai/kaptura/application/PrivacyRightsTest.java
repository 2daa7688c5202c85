package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.in.ExportMyData;
import ai.kaptura.ports.in.FlagMinor;
import ai.kaptura.ports.in.RectifyEmail;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.out.fake.FakeProcessorObligations;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rights from the privacy page through the use cases: R16, R18, R20, R24, R25, R26, R27, R29, R42. */
class PrivacyRightsTest {

    private final FakeProcessorObligations mail = new FakeProcessorObligations("test-mail");
    private final TestKaptura k = new TestKaptura(
                    c -> new FakeHeadshotGenerator("generator-secret", c),
                    c -> new FakePaymentGateway("whsec_test", c),
                    List.of(mail),
                    Optional.of("test-mail"))
            .withPolicy();

    PrivacyRightsTest() {
        k.stores.processors().register(mail.registryEntry(DataCategory.ACCOUNT));
    }

    @Test
    @Tag("R27")
    @Tag("R16")
    @Tag("R18")
    void erasure_closes_only_with_evidence_from_every_location() {
        Journey j = new Journey(k, "ada@example.com").delivered();
        mail.holds(j.account, j.email);
        mail.reachable(false);
        PrivacyRequest request = k.request(k.erase.erase(j.account).request());
        k.runDueJobs();
        assertThat(k.isOpen(request.id()))
                .as("the email processor has not answered yet")
                .isTrue();
        assertThat(k.vault.countOf(j.account))
                .as("the vault is erased meanwhile")
                .isZero();

        mail.reachable(true);
        k.clock.advance(Duration.ofMinutes(1));
        k.runDueJobs();

        PrivacyRequest done = k.request(request.id());
        assertThat(done.status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(done.checklist().orElseThrow().isComplete()).isTrue();
        assertThat(done.checklist().orElseThrow().items())
                .containsOnlyKeys(Location.DATABASE, Location.PHOTO_VAULT, Location.processor("test-mail"));
        assertThat(mail.addressHeldFor(j.account)).isEmpty();
        assertThat(k.stores.accounts().find(j.account).orElseThrow().status()).isEqualTo(AccountStatus.ERASED);
        assertThat(k.stores.accounts().find(j.account).orElseThrow().email()).isEmpty();
        assertThat(k.stores.accounts().findByEmail(j.email)).isEmpty();
        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.stores.orders().ofAccount(j.account)).isEmpty();
        assertThat(k.stores.consentLedger().ofAccount(j.account)).isEmpty();
        assertThat(k.auditor.consentProof(j.account).tombstones())
                .hasSize(4)
                .allMatch(t -> t.account().equals(j.account));
        assertThat(k.auditor.verifyChain()).isInstanceOf(AuditChain.Verification.Intact.class);
        assertThat(k.mailer.latest(Mail.PrivacyRequestCompleted.class, j.email)).isPresent();
    }

    @Test
    @Tag("R27")
    @Tag("R16")
    void once_an_erasure_closed_the_database_purges_its_files_of_the_erased_rows_retrying_until_it_can() {
        Journey j = new Journey(k, "ada@example.com").delivered();
        k.maintenance.busy(true);

        var accepted = k.erase.erase(j.account);
        k.runDueJobs();

        assertThat(k.request(accepted.request()).status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(k.maintenance.purged())
                .as("the database could not purge yet")
                .isEmpty();
        assertThat(k.failedJobs).anyMatch(failure -> failure.startsWith("PURGE_ERASED_DATA"));

        k.maintenance.busy(false);
        k.clock.advance(Duration.ofMinutes(1));
        k.runDueJobs();

        assertThat(k.maintenance.purged())
                .singleElement()
                .satisfies(erased -> assertThat(erased)
                        .contains(
                                DataCategory.ACCOUNT,
                                DataCategory.ORDER,
                                DataCategory.CONSENT_RECORD,
                                DataCategory.SESSION,
                                DataCategory.SIGN_IN_CODE));
        assertThat(k.stores.auditLog().read(1, 10_000))
                .filteredOn(e -> e.event().action() == AuditAction.ERASED_DATA_PURGED)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.event().subject().id())
                            .isEqualTo(accepted.request().toString());
                    assertThat(e.event().details()).containsKey("done");
                });
        assertThat(k.auditor.verifyChain()).isInstanceOf(AuditChain.Verification.Intact.class);
    }

    @Test
    @Tag("R27")
    void erasure_waits_for_the_vendor_to_confirm_the_model_is_gone() {
        Journey j = new Journey(k, "ada@example.com").training();
        k.vendor().keepDespiteDeletion(j.model());

        var accepted = k.erase.erase(j.account);
        k.runDueJobs();

        assertThat(k.isOpen(accepted.request())).isTrue();
        assertThat(k.stores.accounts().find(j.account).orElseThrow().status()).isEqualTo(AccountStatus.ERASING);
        assertThat(j.current().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    @Tag("R27")
    @Tag("R14")
    void an_erasure_waiting_for_the_vendor_goes_on_the_moment_the_model_is_confirmed_gone_not_at_its_next_recheck() {
        Journey j = new Journey(k, "ada@example.com").training();
        FakeHeadshotGenerator vendor = k.vendor();
        vendor.keepDespiteDeletion(j.model());
        var accepted = k.erase.erase(j.account);
        k.runDueJobs();
        assertThat(k.isOpen(accepted.request()))
                .as("the model is still at the vendor")
                .isTrue();

        vendor.deleteWhenAsked(j.model());
        k.clock.advance(Duration.ofSeconds(30)); // the model deletion's next retry, well before the erasure's recheck
        k.runDueJobs();

        assertThat(k.request(accepted.request()).status())
                .as("closed as soon as the vendor confirmed the model gone")
                .isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(k.stores.accounts().find(j.account).orElseThrow().status()).isEqualTo(AccountStatus.ERASED);
    }

    @Test
    @Tag("R20")
    @Tag("R24")
    void a_request_gets_its_deadline_and_is_listed_with_it() {
        Journey j = new Journey(k, "ada@example.com").signIn();

        var accepted = k.erase.erase(j.account);

        PrivacyRequest request = k.erase.requests(j.account).getFirst();
        assertThat(request.id()).isEqualTo(accepted.request());
        assertThat(request.dueOn()).isEqualTo(java.time.LocalDate.of(2026, 4, 2));
        assertThat(request.answerChannel()).isEqualTo(ai.kaptura.domain.privacy.Channel.ELECTRONIC);
        assertThat(k.auditor.requestLog(0, 10))
                .singleElement()
                .satisfies(line -> assertThat(line.overdue()).isFalse());
        assertThat(k.erase.erase(j.account).request())
                .as("asking twice is one request")
                .isEqualTo(accepted.request());
    }

    @Test
    @Tag("R25")
    @Tag("R29")
    void export_holds_all_data_the_information_and_files_with_their_hashes() throws IOException {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);

        ExportMyData.Export export = k.export.export(j.account);

        assertThat(export.dataJson())
                .contains(
                        "ada@example.com",
                        j.order.toString(),
                        "\"purposes\"",
                        "\"recipients\"",
                        "\"rights\"",
                        "\"automatedDecisions\"",
                        "\"complaints\"",
                        "\"retention\"");
        assertThat(export.files()).hasSize(8);
        for (ExportMyData.Part part : export.files()) {
            try (InputStream in = part.content().get()) {
                assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(part.sha256());
            }
        }
        assertThat(export.report().rights()).anyMatch(r -> r.contains("free of charge"));
        assertThat(k.erase.requests(j.account)).extracting(PrivacyRequest::kind).contains(RequestKind.ACCESS);
    }

    @Test
    @Tag("R25")
    void the_export_holds_the_audit_entries_the_report_says_are_held_about_the_person_and_no_one_elses() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order().upload(8);
        Journey bob = new Journey(k, "bob@example.com").signIn().order();

        ExportMyData.Export export = k.export.export(ada.account);

        assertThat(export.report().categories()).contains(DataCategory.AUDIT_ENTRY);
        assertThat(export.dataJson())
                .contains("\"auditEntries\"")
                .contains("\"SIGNED_IN\"", "\"ORDER_CREATED\"", "\"SELFIE_UPLOADED\"", "\"AGE_ATTESTED\"")
                .contains("account:" + ada.account, "order:" + ada.order)
                .doesNotContain(bob.account.toString())
                .doesNotContain(bob.order.toString());
    }

    @Test
    @Tag("R29")
    void export_names_selfie_and_model_states_in_its_own_words_not_java_type_names() {
        Journey drafted = new Journey(k, "ada@example.com").signIn().order().upload(8);
        Journey delivered = new Journey(k, "grace@example.com").delivered();

        assertThat(k.export.export(drafted.account).dataJson()).contains("\"state\": \"stored\"");
        String json = k.export.export(delivered.account).dataJson();
        assertThat(json)
                .contains("\"state\": \"deleted\"")
                .containsPattern("\"state\": \"deletion_(requested|confirmed)\"")
                .doesNotContainPattern("\"state\": \"[A-Z]");
    }

    @Test
    @Tag("R26")
    void rectification_needs_the_new_address_verified_and_reaches_every_processor_holding_it() {
        Journey j = new Journey(k, "ada@example.com").signIn();
        mail.holds(j.account, j.email);
        EmailAddress next = EmailAddress.of("ada.lovelace@example.org");

        assertThat(k.rectify.start(new RectifyEmail.Start(j.account, next)))
                .isInstanceOf(RectifyEmail.Outcome.CodeSent.class);
        String code =
                k.mailer.latest(Mail.VerifyNewAddress.class, next).orElseThrow().code();
        assertThat(k.rectify.confirm(new RectifyEmail.Confirm(
                        j.account, next, code.equals("000000") ? "111111" : "000000", j.sessionToken)))
                .isInstanceOf(RectifyEmail.Outcome.Refused.class);
        assertThat(k.stores.accounts().find(j.account).orElseThrow().email()).contains(j.email);

        assertThat(j.confirmMove(next, code)).isInstanceOf(RectifyEmail.Outcome.Changed.class);
        k.runDueJobs();

        assertThat(k.stores.accounts().find(j.account).orElseThrow().email()).contains(next);
        assertThat(mail.addressHeldFor(j.account)).contains(next.value());
        assertThat(k.erase.requests(j.account)).extracting(PrivacyRequest::kind).contains(RequestKind.RECTIFICATION);
        assertThat(k.stores.auditLog().read(1, 1000))
                .anyMatch(e -> e.event().action() == AuditAction.RECTIFICATION_PROPAGATED);
    }

    @Test
    @Tag("R42")
    void a_minor_flag_stops_all_processing_and_erases_within_72_hours() {
        Journey j = new Journey(k, "kid@example.com").paid();
        PaymentRef paid = j.current().payment().orElseThrow();

        FlagMinor.Outcome outcome = k.flagMinor.handle(
                new FlagMinor.Command(j.account, MinorFlag.Source.PARENT_OR_GUARDIAN, "a parent wrote to support"));
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        FlagMinor.Outcome.Flagged.class,
                        f -> assertThat(f.erasureDeadline()).isEqualTo(TestKaptura.START.plus(Duration.ofHours(72))));
        assertThat(k.signIn.authenticate(j.sessionToken))
                .as("signed out at once")
                .isEmpty();
        k.runDueJobs();

        assertThat(k.vendor().modelsTrained()).as("nothing reached the vendor").isZero();
        assertThat(k.stores.accounts().find(j.account).orElseThrow().status()).isEqualTo(AccountStatus.ERASED);
        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.stores.auditLog().read(1, 1000)).anyMatch(e -> e.event().action() == AuditAction.MINOR_FLAGGED);
        assertThat(k.paymentProcessor.refundsOf(paid))
                .as("the paid, undelivered order is refunded")
                .hasSize(1);
    }

    @Test
    @Tag("R16")
    void after_erasure_the_address_can_sign_up_afresh_as_a_new_account() {
        Journey j = new Journey(k, "ada@example.com").signIn();
        k.erase.erase(j.account);
        k.runDueJobs();

        Journey again = new Journey(k, "ada@example.com").signIn();

        assertThat(again.account).isNotEqualTo(j.account);
        assertThat(k.signIn.authenticate(j.sessionToken)).isEmpty();
        assertThat(k.stores.consentLedger().ofAccount(again.account)).isEmpty();
        assertThat(k.signIn.verify(new SignIn.VerifyCode(j.email, "123456")))
                .isInstanceOf(SignIn.Verified.Refused.class);
    }

    @Test
    @Tag("R24")
    void a_request_made_online_is_answered_online() throws IOException {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);

        ExportMyData.Export export = k.export.export(j.account);

        assertThat(export.files()).as("the answer is the download itself").hasSize(8);
        for (ExportMyData.Part part : export.files()) {
            try (InputStream in = part.content().get()) {
                assertThat(in.readAllBytes()).isNotEmpty();
            }
        }
        PrivacyRequest request = k.request(export.request());
        assertThat(request.channel()).isEqualTo(ai.kaptura.domain.privacy.Channel.ELECTRONIC);
        assertThat(request.status())
                .as("answered in the same exchange, nothing left to send by post")
                .isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(request.closedAt()).contains(TestKaptura.START);
    }

    @Test
    @Tag("R22")
    void privacy_requests_are_free_of_charge() {
        Journey j = new Journey(k, "ada@example.com").signIn();

        ExportMyData.Export export = k.export.export(j.account);
        var erasure = k.erase.erase(j.account);
        k.runDueJobs();

        assertThat(List.of(export.request(), erasure.request()))
                .allSatisfy(id -> assertThat(k.request(id).status()).isEqualTo(PrivacyRequest.Status.COMPLETED));
        assertThat(k.recordingPayments.lastSession)
                .as("no checkout was started for a fee")
                .isEmpty();
        assertThat(k.paymentProcessor.sentToProcessor())
                .as("nothing was asked of the payment processor")
                .isEmpty();
    }
}
