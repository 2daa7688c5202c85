package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentRecordId;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.Notice;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.Result;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Real domain objects for the vendor-port contracts: a person with an account, an order holding
 * {@link LegalConstants#MIN_SELFIES} selfies, the consents and policy that let those selfies go to
 * the vendor, and the permits {@link BiometricGuard} issues for them. Nothing here bypasses the
 * domain: a permit is only ever obtained from the guard.
 */
public final class VendorFixtures {

    /** The instant every contract treats as "now". */
    public static final Instant NOW = Instant.parse("2026-11-02T09:30:00Z");

    public static final Style STUDIO = new Style(
            new StyleId("studio-grey"),
            "Studio grey",
            "A professional studio headshot on a plain grey background, soft light");
    public static final Style CITY = new Style(
            new StyleId("city-outdoor"),
            "City",
            "An outdoor business portrait in a city street, natural light, shallow depth of field");
    public static final Plan PLAN =
            new Plan(new PlanId("starter"), "Starter", 40, 2, Money.of(2900, "EUR"), List.of(STUDIO, CITY));

    /** Anything that looks like an email address, masked or not. */
    public static final Pattern EMAIL_SHAPE = Pattern.compile("[^\\s\"'<>(),;:@]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private static final NoticeVersion POLICY = new NoticeVersion("2026-10");
    private static final Instant POLICY_EFFECTIVE = NOW.minus(Duration.ofDays(30));

    private VendorFixtures() {}

    /** A person, their account and one order of theirs with its selfies in the vault's key space. */
    public record Customer(Account account, Order order) {

        public EmailAddress email() {
            return account.requireEmail();
        }

        public AccountId id() {
            return account.id();
        }

        public OrderId orderId() {
            return order.id();
        }

        /** The photo keys of the order's live selfies, as the vault knows them. */
        public List<PhotoRef> selfiePhotos() {
            return order.liveSelfies().stream().flatMap(s -> s.photo().stream()).toList();
        }

        /** A fresh key for a headshot of this person. */
        public PhotoRef newHeadshotPhoto() {
            return new PhotoRef("headshot/" + account.id() + "/" + UUID.randomUUID());
        }

        /** The guard's permit to give the person a copy of this order's selfies (R29). */
        public SelfieReadPermit ownerCopy() {
            return ok(BiometricGuard.forOwnerCopy(account, order, NOW));
        }

        /** The guard's permit to send this order's selfies to the AI vendor (R17); needs a paid order. */
        public SelfieReadPermit vendorTraining() {
            ConsentState consent = ConsentState.of(order, grants(account, order));
            return ok(BiometricGuard.forVendorTraining(account, order, consent, policies(), NOW));
        }

        /** Another draft order of the same person, with its own selfies. */
        public Customer anotherOrder() {
            return new Customer(account, draftWithSelfies(account, NOW.minus(Duration.ofHours(3))));
        }

        /** The same person's order, paid. */
        public Customer paid() {
            Instant at = NOW.minus(Duration.ofMinutes(30));
            Order paid = order.awaitPayment(at.minusSeconds(60))
                    .paid(
                            new PaymentRef("pi_fixture_"
                                    + order.id().value().toString().substring(0, 8)),
                            at);
            return new Customer(account, paid);
        }
    }

    /** A person with a fresh account and a draft order holding the minimum number of selfies. */
    public static Customer draftCustomer(String email) {
        Account account =
                Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of(email), NOW.minus(Duration.ofDays(1)));
        return new Customer(account, draftWithSelfies(account, NOW.minus(Duration.ofHours(2))));
    }

    /** A person whose order is paid, so the guard lets its selfies go to the vendor. */
    public static Customer paidCustomer(String email) {
        return draftCustomer(email).paid();
    }

    /** The published policy every fixture consent was given under. */
    public static PolicyHistory policies() {
        List<Notice> notices = Arrays.stream(NoticeKind.values())
                .map(kind -> new Notice(kind, Language.ENGLISH, noticeText(kind)))
                .toList();
        return new PolicyHistory(
                List.of(new PolicyVersion(POLICY, POLICY_EFFECTIVE, true, "First published version", notices)));
    }

    /** Both purposes granted for {@code order}, at its checkout. */
    public static List<ConsentRecord> grants(Account account, Order order) {
        Instant at = order.createdAt().plus(Duration.ofMinutes(30));
        List<ConsentRecord> records = new ArrayList<>();
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            records.add(new ConsentRecord(
                    new ConsentRecordId(UUID.randomUUID()),
                    account.id(),
                    Optional.of(order.id()),
                    purpose,
                    ConsentDecision.GRANTED,
                    POLICY,
                    Digest.sha256(noticeText(NoticeKind.forPurpose(purpose))),
                    ConsentMethod.CHECKBOX_AT_CHECKOUT,
                    Language.ENGLISH,
                    at));
        }
        return records;
    }

    /**
     * Asserts that nothing a vendor was sent carries the person's email (whole, its local part, or any
     * email-shaped string) or their account id (R37).
     */
    public static void assertCarriesNothingPersonal(List<String> sent, Customer who) {
        assertThat(sent).as("what the vendor was sent").isNotEmpty();
        String email = who.email().value();
        String localPart = email.substring(0, email.indexOf('@'));
        for (String item : sent) {
            assertThat(item)
                    .as("sent to the vendor: %s", item)
                    .doesNotContainIgnoringCase(email)
                    .doesNotContainIgnoringCase(localPart)
                    .doesNotContain(who.id().toString())
                    .doesNotContain(who.id().value().toString().replace("-", ""))
                    .doesNotContainPattern(EMAIL_SHAPE);
        }
    }

    /** {@code size} reproducible pseudo-random bytes. */
    public static byte[] pseudoRandomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * A stream of {@code size} reproducible pseudo-random bytes, generated as it is read: nothing holds
     * the whole content, so a vault that streams never needs it in memory at once.
     */
    public static InputStream generatedStream(long seed, long size) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = size;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    /** The SHA-256 of everything left in {@code in}, read in small chunks; closes the stream. */
    public static Digest digestOf(InputStream in) {
        MessageDigest engine = Digest.sha256Engine();
        try (in) {
            byte[] buffer = new byte[8 * 1024 + 7];
            int n;
            while ((n = in.read(buffer)) != -1) {
                engine.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new AssertionError("reading the stream failed", e);
        }
        return Digest.of(engine);
    }

    /** Every byte of {@code in}; closes the stream. */
    public static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("reading the stream failed", e);
        }
    }

    /** A random event id in the shape processors use. */
    public static String eventId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private static Order draftWithSelfies(Account account, Instant createdAt) {
        Order order = Order.draft(
                new OrderId(UUID.randomUUID()), account.id(), PLAN, List.of(STUDIO.id(), CITY.id()), createdAt);
        for (int i = 0; i < LegalConstants.MIN_SELFIES; i++) {
            SelfieId selfie = new SelfieId(UUID.randomUUID());
            PhotoRef ref = new PhotoRef("selfie/" + account.id() + "/" + selfie);
            Instant uploaded = createdAt.plus(Duration.ofMinutes(i + 1));
            order = ok(order.addSelfie(
                    new Selfie.Stored(selfie, ref, Digest.sha256("selfie " + selfie), 1_500_000L, uploaded)));
        }
        return order;
    }

    private static String noticeText(NoticeKind kind) {
        return "Fixture notice text for " + kind + ", version " + POLICY + ".";
    }

    private static <T> T ok(Result<T> result) {
        return switch (result) {
            case Result.Ok<T> ok -> ok.value();
            case Result.Refused<T> refused -> throw new AssertionError("fixture refused: " + refused.why());
        };
    }
}
