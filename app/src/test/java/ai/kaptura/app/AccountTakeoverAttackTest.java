package ai.kaptura.app;

import static ai.kaptura.app.AttackTarget.Visitor.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Taking over an account, tried against the real product over HTTP (R47): the address change that flooded a
 * victim's mailbox and shared its codes with sign-in, and wrong codes raced in parallel past the limit of five.
 */
@Tag("attack")
@Tag("R47")
class AccountTakeoverAttackTest {

    private static final String VICTIM = "victim@example.org";

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void twelve_address_changes_to_a_victims_address_send_at_most_five_mails_and_are_refused_after_five(
            AttackTarget target) {
        Visitor attacker = target.browser().signIn("attacker@example.net");

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(
                    attacker.json("PATCH", "/api/me", Map.of("email", VICTIM)).statusCode());
        }

        assertThat(target.mails("verify-new-address", VICTIM)).hasSizeLessThanOrEqualTo(5);
        assertThat(statuses.subList(0, 5)).containsOnly(202);
        assertThat(statuses.subList(5, 12)).containsOnly(429);
        HttpResponse<String> sixth = attacker.json("PATCH", "/api/me", Map.of("email", "someone.else@example.org"));
        assertThat(problem(sixth)).isIn("too-many-codes", "rate-limited");
        assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void a_code_mailed_for_an_address_change_does_not_sign_in_to_that_address(AttackTarget target) {
        Visitor attacker = target.browser().signIn("attacker@example.net");
        String addressCode = askForVictimsAddress(target, attacker);

        HttpResponse<String> signIn =
                target.browser().post("/api/auth/verify", Map.of("email", VICTIM, "code", addressCode));

        assertThat(signIn.statusCode()).isEqualTo(400);
        assertThat(signIn.headers().allValues("Set-Cookie"))
                .noneMatch(c -> c.contains("kaptura_session=") && !c.contains("Max-Age=0"));
        // The victim's own first sign-in later opens a new account: the attacker did not get one at the address.
        Visitor victim = target.browser().signIn(VICTIM);
        assertThat(victim.signedIn()).isTrue();
        assertThat(target.mails("sign-in-code", VICTIM)).hasSize(1);
    }

    @Test
    void a_sign_in_code_does_not_confirm_an_address_change(AttackTarget target) {
        Visitor attacker = target.browser().signIn("attacker@example.net");
        attacker.json("PATCH", "/api/me", Map.of("email", VICTIM));
        target.apiClient().post("/api/auth/start", Map.of("email", VICTIM));
        String signInCode = target.latestCode("sign-in-code", VICTIM);

        HttpResponse<String> confirmed = attacker.json("PATCH", "/api/me", Map.of("email", VICTIM, "code", signInCode));

        assertThat(confirmed.statusCode()).isEqualTo(400);
        assertThat(problem(confirmed)).isEqualTo("sign-in-code-invalid");
    }

    @Test
    void parallel_wrong_codes_are_counted_atomically_and_then_the_right_code_no_longer_works(AttackTarget target)
            throws Exception {
        Visitor asking = target.browser();
        asking.post("/api/auth/start", Map.of("email", VICTIM));
        String code = target.latestCode("sign-in-code", VICTIM);
        String wrong = code.equals("000000") ? "111111" : "000000";

        List<HttpResponse<String>> answers =
                race(20, i -> target.apiClient().post("/api/auth/verify", Map.of("email", VICTIM, "code", wrong)));

        long counted = answers.stream().filter(r -> r.statusCode() == 400).count();
        assertThat(counted)
                .as("exactly four wrong tries are answered with tries left; the fifth burns the code")
                .isEqualTo(4);
        assertThat(answers)
                .filteredOn(r -> r.statusCode() != 400)
                .allSatisfy(r -> assertThat(problem(r)).isEqualTo("sign-in-attempts-exhausted"));
        HttpResponse<String> right = asking.post("/api/auth/verify", Map.of("email", VICTIM, "code", code));
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(problem(right)).isEqualTo("sign-in-attempts-exhausted");
        assertThat(asking.signedIn()).isFalse();
    }

    @Test
    void a_wrong_code_racing_the_right_one_never_makes_the_used_code_valid_again(AttackTarget target) throws Exception {
        target.apiClient().post("/api/auth/start", Map.of("email", VICTIM));
        String code = target.latestCode("sign-in-code", VICTIM);
        String wrong = code.equals("000000") ? "111111" : "000000";

        List<HttpResponse<String>> answers = race(
                8,
                i -> target.apiClient()
                        .post("/api/auth/verify", Map.of("email", VICTIM, "code", i % 2 == 0 ? code : wrong)));
        HttpResponse<String> replay =
                target.apiClient().post("/api/auth/verify", Map.of("email", VICTIM, "code", code));

        assertThat(answers)
                .filteredOn(r -> r.statusCode() == 200)
                .as("one right try signs in, once")
                .hasSize(1);
        assertThat(replay.statusCode()).as(replay.body()).isIn(400, 429);
    }

    @Test
    void confirming_an_address_change_tells_the_old_address_and_ends_every_other_session(AttackTarget target) {
        Visitor phone = target.browser().signIn("owner@example.org");
        Visitor laptop = target.browser().signIn("owner@example.org");
        assertThat(laptop.signedIn()).isTrue();

        assertThat(phone.json("PATCH", "/api/me", Map.of("email", "owner.new@example.org"))
                        .statusCode())
                .isEqualTo(202);
        String code = target.latestCode("verify-new-address", "owner.new@example.org");
        HttpResponse<String> changed =
                phone.json("PATCH", "/api/me", Map.of("email", "owner.new@example.org", "code", code));

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(Visitor.tree(changed).path("otherSessionsEnded").asInt()).isEqualTo(1);
        assertThat(phone.signedIn())
                .as("the session that made the change stays")
                .isTrue();
        assertThat(laptop.signedIn()).as("every other session is ended at once").isFalse();
        assertThat(target.mails("address-changed", "owner@example.org"))
                .singleElement()
                .satisfies(mail -> assertThat(mail).contains("o***@example.org").doesNotContain("owner.new@"));
    }

    @Test
    void an_address_taken_meanwhile_is_not_moved_to_and_asking_for_a_taken_one_sends_nothing(AttackTarget target) {
        Visitor mover = target.browser().signIn("mover@example.org");
        String code = askForVictimsAddress(target, mover);
        target.browser().signIn(VICTIM); // the address's owner signs up meanwhile

        HttpResponse<String> confirmed = mover.json("PATCH", "/api/me", Map.of("email", VICTIM, "code", code));
        int mailsToVictim = target.mails("verify-new-address", VICTIM).size();
        HttpResponse<String> askedAgain =
                target.browser().signIn("another@example.org").json("PATCH", "/api/me", Map.of("email", VICTIM));

        assertThat(confirmed.statusCode()).isEqualTo(400);
        assertThat(problem(confirmed)).isEqualTo("invalid-email");
        assertThat(askedAgain.statusCode())
                .as("the same answer as for a free address")
                .isEqualTo(202);
        assertThat(target.mails("verify-new-address", VICTIM))
                .as("nothing is sent to an address in use")
                .hasSize(mailsToVictim);
    }

    /** Runs {@code calls} requests released together, answering each one's response. */
    private static List<HttpResponse<String>> race(int calls, java.util.function.IntFunction<HttpResponse<String>> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                Callable<HttpResponse<String>> task = () -> {
                    go.await();
                    return call.apply(n);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code who} asks to move its account to the victim's address; answers the code mailed there. */
    private static String askForVictimsAddress(AttackTarget target, Visitor who) {
        assertThat(who.json("PATCH", "/api/me", Map.of("email", VICTIM)).statusCode())
                .isEqualTo(202);
        return target.latestCode("verify-new-address", VICTIM);
    }
}
