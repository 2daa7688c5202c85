package ai.kaptura.domain.audit;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hash-chained audit log of pseudonymous ids detects any edit, removal or reordering: R46. */
class AuditChainTest {

    private static final UUID ACCOUNT = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID ORDER = UUID.fromString("00000000-0000-4000-8000-000000000002");

    private static List<AuditEvent> events() {
        Subject order = Subject.of("order", ORDER);
        return List.of(
                AuditEvent.of(NOW, Actor.person(ACCOUNT), AuditAction.ORDER_CREATED, order, Rule.R4)
                        .with("plan", "starter"),
                AuditEvent.of(NOW.plusSeconds(60), Actor.person(ACCOUNT), AuditAction.SELFIE_UPLOADED, order, Rule.R1)
                        .with("count", 8),
                AuditEvent.of(NOW.plusSeconds(120), Actor.person(ACCOUNT), AuditAction.CONSENT_GRANTED, order, Rule.R5)
                        .with("policy_version", "2026-01")
                        .with("purpose", "BIOMETRIC_PROCESSING"),
                AuditEvent.of(NOW.plusSeconds(180), Actor.SYSTEM, AuditAction.SELFIES_SENT_TO_VENDOR, order, Rule.R17)
                        .with("processor", "astria"),
                AuditEvent.of(NOW.plusSeconds(240), Actor.vendor("astria"), AuditAction.SELFIE_DELETED, order, Rule.R10)
                        .with("reason", "HEADSHOTS_DELIVERED"));
    }

    static List<AuditEntry> chain() {
        List<AuditEntry> chain = new ArrayList<>();
        Optional<AuditEntry> head = Optional.empty();
        for (AuditEvent event : events()) {
            AuditEntry entry = AuditChain.append(head, event);
            chain.add(entry);
            head = Optional.of(entry);
        }
        return chain;
    }

    private static AuditEntry withEvent(AuditEntry e, AuditEvent event) {
        return new AuditEntry(e.sequence(), event, e.previousHash(), e.hash());
    }

    /** An event's parts other than its details, for a tamper to change one and build the event again. */
    private static final class Parts {
        Instant at;
        Actor actor;
        AuditAction action;
        Subject subject;
        Rule rule;

        Parts(AuditEvent event) {
            at = event.at();
            actor = event.actor();
            action = event.action();
            subject = event.subject();
            rule = event.rule();
        }
    }

    /** {@code e} with its event rebuilt after {@code change} edited its parts; details and hashes stay. */
    private static AuditEntry changed(AuditEntry e, Consumer<Parts> change) {
        Parts parts = new Parts(e.event());
        change.accept(parts);
        return withEvent(
                e,
                new AuditEvent(
                        parts.at,
                        parts.actor,
                        parts.action,
                        parts.subject,
                        parts.rule,
                        e.event().details()));
    }

    /** The ways an entry can be edited in place, keeping every other entry as it was. */
    enum Tamper {
        DETAIL(e -> {
            String key = e.event().details().keySet().iterator().next();
            return withEvent(e, e.event().with(key, e.event().details().get(key) + "x"));
        }),
        ADDED_DETAIL(e -> withEvent(e, e.event().with("zz_extra", "1"))),
        INSTANT(e -> changed(e, p -> p.at = p.at.plusMillis(1))),
        ACTION(e -> changed(
                e,
                p -> p.action = p.action == AuditAction.DATA_EXPORTED
                        ? AuditAction.ACCOUNT_ERASED
                        : AuditAction.DATA_EXPORTED)),
        ACTOR(e -> changed(e, p -> p.actor = new Actor(Actor.Kind.OPERATOR, "op-1"))),
        SUBJECT(e -> changed(
                e, p -> p.subject = Subject.of("order", UUID.fromString("00000000-0000-4000-8000-0000000000ff")))),
        RULE(e -> changed(e, p -> p.rule = p.rule == Rule.R46 ? Rule.R1 : Rule.R46)),
        PREVIOUS_HASH(e -> new AuditEntry(e.sequence(), e.event(), Digest.sha256("forged previous"), e.hash())),
        HASH(e -> new AuditEntry(e.sequence(), e.event(), e.previousHash(), Digest.sha256("forged hash")));

        final UnaryOperator<AuditEntry> edit;

        Tamper(UnaryOperator<AuditEntry> edit) {
            this.edit = edit;
        }
    }

    static Stream<Arguments> everyEntryAndEveryEdit() {
        return IntStream.range(0, 5)
                .boxed()
                .flatMap(i -> Stream.of(Tamper.values()).map(t -> Arguments.of(i, t)));
    }

    @Test
    @Tag("R46")
    void an_untouched_chain_verifies_intact_with_the_last_hash_as_head() {
        List<AuditEntry> chain = chain();

        AuditChain.Verification verification = AuditChain.verify(chain);

        assertThat(verification).isInstanceOfSatisfying(AuditChain.Verification.Intact.class, intact -> {
            assertThat(intact.entries()).isEqualTo(5);
            assertThat(intact.head()).isEqualTo(chain.getLast().hash());
        });
        assertThat(chain).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(chain.getFirst().previousHash())
                .isEqualTo(AuditChain.GENESIS)
                .isEqualTo(Digest.ZERO);
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).previousHash()).isEqualTo(chain.get(i - 1).hash());
        }
        assertThat(chain).extracting(AuditEntry::hash).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "entry {0}: {1}")
    @MethodSource("everyEntryAndEveryEdit")
    @Tag("R46")
    void editing_any_entry_breaks_verification_exactly_at_that_entry(int index, Tamper tamper) {
        List<AuditEntry> chain = new ArrayList<>(chain());
        AuditEntry original = chain.get(index);
        AuditEntry edited = tamper.edit.apply(original);
        assertThat(edited).isNotEqualTo(original);
        chain.set(index, edited);

        assertThat(AuditChain.verify(chain).isIntact()).isFalse();
        assertBrokenAt(chain, original.sequence());
    }

    @ParameterizedTest(name = "entry {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    @Tag("R46")
    void an_edited_entry_with_a_recomputed_hash_breaks_the_chain_at_the_next_entry(int index) {
        List<AuditEntry> chain = new ArrayList<>(chain());
        long edited = chain.get(index).sequence();
        forgeWithRecomputedHash(chain, index);

        assertBrokenAt(chain, edited + 1);
    }

    @Test
    @Tag("R46")
    void rewriting_the_last_entry_changes_the_head_an_auditor_anchored() {
        List<AuditEntry> chain = new ArrayList<>(chain());
        Digest anchoredHead = chain.getLast().hash();
        forgeWithRecomputedHash(chain, chain.size() - 1);

        assertThat(AuditChain.verify(chain))
                .isInstanceOfSatisfying(
                        AuditChain.Verification.Intact.class,
                        intact -> assertThat(intact.head()).isNotEqualTo(anchoredHead));
    }

    @ParameterizedTest(name = "removing entry {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    @Tag("R46")
    void removing_an_entry_breaks_verification(int index) {
        List<AuditEntry> chain = new ArrayList<>(chain());
        chain.remove(index);

        assertBrokenAt(chain, index + 1L);
    }

    @Test
    @Tag("R46")
    void removing_the_last_entry_shows_in_the_head_and_the_count() {
        List<AuditEntry> chain = new ArrayList<>(chain());
        Digest anchoredHead = chain.getLast().hash();
        chain.removeLast();

        assertThat(AuditChain.verify(chain)).isInstanceOfSatisfying(AuditChain.Verification.Intact.class, intact -> {
            assertThat(intact.entries()).isEqualTo(4);
            assertThat(intact.head()).isNotEqualTo(anchoredHead);
        });
    }

    @Test
    @Tag("R46")
    void reordering_entries_breaks_verification() {
        List<AuditEntry> swapped = new ArrayList<>(chain());
        Collections.swap(swapped, 1, 2);
        assertBrokenAt(swapped, 2);

        List<AuditEntry> reversed = new ArrayList<>(chain());
        Collections.reverse(reversed);
        assertBrokenAt(reversed, 1);

        // renumbering a swapped pair to hide the gap still breaks on the hashes
        List<AuditEntry> renumbered = new ArrayList<>(chain());
        AuditEntry second = renumbered.get(1);
        AuditEntry third = renumbered.get(2);
        renumbered.set(1, new AuditEntry(2, third.event(), third.previousHash(), third.hash()));
        renumbered.set(2, new AuditEntry(3, second.event(), second.previousHash(), second.hash()));
        assertBrokenAt(renumbered, 2);
    }

    @Test
    @Tag("R46")
    void a_duplicated_entry_breaks_verification() {
        List<AuditEntry> chain = new ArrayList<>(chain());
        chain.add(3, chain.get(2));

        assertBrokenAt(chain, 4);
    }

    @Test
    @Tag("R46")
    void a_chain_whose_oldest_entries_were_removed_verifies_from_its_anchor() {
        List<AuditEntry> chain = chain();
        List<AuditEntry> tail = chain.subList(2, 5);

        assertThat(AuditChain.verifyFrom(tail, chain.get(1).hash(), 3))
                .isInstanceOfSatisfying(AuditChain.Verification.Intact.class, intact -> {
                    assertThat(intact.entries()).isEqualTo(3);
                    assertThat(intact.head()).isEqualTo(chain.getLast().hash());
                });
        assertThat(AuditChain.verifyFrom(tail, chain.get(0).hash(), 3))
                .isInstanceOfSatisfying(
                        AuditChain.Verification.Broken.class,
                        broken -> assertThat(broken.sequence()).isEqualTo(3));
        assertBrokenAt(tail, 1);
    }

    @Test
    @Tag("R46")
    void an_empty_chain_is_intact_at_genesis() {
        assertThat(AuditChain.verify(List.of())).isEqualTo(new AuditChain.Verification.Intact(0, AuditChain.GENESIS));
    }

    // ---- pseudonymous ids only --------------------------------------------------------------------

    @Test
    @Tag("R46")
    void an_audit_detail_holding_an_email_is_rejected() {
        AuditEvent event =
                AuditEvent.of(NOW, Actor.SYSTEM, AuditAction.EMAIL_SENT, Subject.of("account", ACCOUNT), Rule.R46);

        assertThatThrownBy(() -> event.with("to", "ada@example.com")).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new AuditEvent(
                        NOW,
                        Actor.SYSTEM,
                        AuditAction.EMAIL_SENT,
                        Subject.of("account", ACCOUNT),
                        Rule.R46,
                        Map.of("to", "Ada <ada@example.com>")))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R46")
    void an_audit_subject_or_actor_cannot_be_an_email() {
        assertThatThrownBy(() -> Subject.of("account", "ada@example.com")).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new Actor(Actor.Kind.PERSON, "ada@example.com"))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> Actor.person("ada@example.com")).isInstanceOf(DomainViolation.class);
        assertThat(Actor.person(ACCOUNT).id()).isEqualTo(ACCOUNT.toString());
    }

    @Test
    @Tag("R46")
    void audit_details_are_short_single_line_values_under_lower_case_keys() {
        AuditEvent event = retentionApplied(Subject.of("order", ORDER));

        assertThatThrownBy(() -> event.with("Reason", "x")).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> event.with("reason", "line one\nline two")).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> event.with("reason", "x".repeat(201))).isInstanceOf(DomainViolation.class);
        assertThat(event.with("reason", "x".repeat(200)).details()).containsEntry("reason", "x".repeat(200));
    }

    // ---- canonical encoding -----------------------------------------------------------------------

    @Test
    @Tag("R46")
    void the_canonical_encoding_is_length_prefixed_as_documented() {
        AuditEvent event = AuditEvent.of(
                        NOW, Actor.SYSTEM, AuditAction.ORDER_CREATED, Subject.of("order", "abc"), Rule.R4)
                .with("plan", "starter");

        String canonical = new String(AuditChain.canonical(1, event), StandardCharsets.UTF_8);

        assertThat(canonical)
                .isEqualTo("kaptura-audit-v1\n1:1\n20:2026-03-15T10:00:00Z\n6:SYSTEM\n7:kaptura\n"
                        + "13:ORDER_CREATED\n5:order\n3:abc\n2:R4\n4:plan\n7:starter\n");
    }

    @Test
    @Tag("R46")
    void the_hash_covers_the_previous_hash_and_the_canonical_bytes() throws Exception {
        AuditEvent event = events().getFirst();
        Digest previous = Digest.sha256("previous");

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(previous.bytes());
        sha.update(AuditChain.canonical(7, event));

        assertThat(AuditChain.hash(7, event, previous)).isEqualTo(Digest.of(sha));
        assertThat(AuditChain.hash(7, event, Digest.ZERO)).isNotEqualTo(AuditChain.hash(7, event, previous));
        assertThat(AuditChain.hash(8, event, previous)).isNotEqualTo(AuditChain.hash(7, event, previous));
    }

    @Test
    @Tag("R46")
    void the_canonical_encoding_is_unambiguous_however_fields_are_split() {
        AuditEvent base = retentionApplied(Subject.of("order", ORDER));

        List<List<AuditEvent>> lookAlikes = List.of(
                List.of(base.with("ab", "c"), base.with("a", "bc")),
                List.of(base.with("a", "b").with("c", "d"), base.with("a", "bcd")),
                List.of(base.with("a", "b").with("c", "d"), base.with("a", "b1:c1:d")),
                List.of(base.with("a", "1:b"), base.with("a1", "b")),
                List.of(base.with("a", ""), base),
                List.of(retentionApplied(new Subject("order_", "x")), retentionApplied(new Subject("order", "_x"))));

        for (List<AuditEvent> pair : lookAlikes) {
            AuditEvent one = pair.get(0);
            AuditEvent other = pair.get(1);
            assertThat(AuditChain.canonical(1, one))
                    .as("%s vs %s", one.details(), other.details())
                    .isNotEqualTo(AuditChain.canonical(1, other));
            assertThat(AuditChain.hash(1, one, AuditChain.GENESIS))
                    .isNotEqualTo(AuditChain.hash(1, other, AuditChain.GENESIS));
        }
    }

    @Test
    @Tag("R46")
    void the_order_details_are_added_in_does_not_change_the_hash() {
        AuditEvent base = retentionApplied(Subject.of("order", ORDER));

        assertThat(AuditChain.hash(1, base.with("b", "2").with("a", "1"), AuditChain.GENESIS))
                .isEqualTo(AuditChain.hash(1, base.with("a", "1").with("b", "2"), AuditChain.GENESIS));
    }

    /** The system's record, at {@code NOW}, that the retention schedule (R10) was applied to {@code subject}. */
    private static AuditEvent retentionApplied(Subject subject) {
        return AuditEvent.of(NOW, Actor.SYSTEM, AuditAction.RETENTION_APPLIED, subject, Rule.R10);
    }

    /** Replaces entry {@code index} with a forged event under a hash recomputed to match, as an insider could. */
    private static void forgeWithRecomputedHash(List<AuditEntry> chain, int index) {
        AuditEntry original = chain.get(index);
        AuditEvent forged = original.event().with("forged", "yes");
        chain.set(
                index,
                new AuditEntry(
                        original.sequence(),
                        forged,
                        original.previousHash(),
                        AuditChain.hash(original.sequence(), forged, original.previousHash())));
    }

    /** Asserts that {@code chain} fails verification, first broken at entry {@code sequence}. */
    private static void assertBrokenAt(List<AuditEntry> chain, long sequence) {
        assertThat(AuditChain.verify(chain))
                .isInstanceOfSatisfying(
                        AuditChain.Verification.Broken.class,
                        broken -> assertThat(broken.sequence()).isEqualTo(sequence));
    }
}
