package ai.kaptura.adapter.email;

import ai.kaptura.ports.out.VendorCheck;
import ai.kaptura.ports.out.VendorCheck.Step;
import feign.FeignException;
import feign.RetryableException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One small pass through Resend with the configured key and sender: a test message to {@value #TEST_ADDRESS}, the
 * address Resend provides "to test that your emails are being successfully delivered" without damaging the domain's
 * reputation (resend.com/docs/dashboard/emails/send-test-emails), then the message read back by its id
 * ({@code GET /emails/{email_id}}, resend/resend-openapi {@code resend.yaml}) until Resend reports an outcome
 * ({@code last_event}). A key restricted to sending cannot read back
 * ({@code restricted_api_key}); that is said, and is no failure: Kaptura only sends. Nothing is left to delete: the test
 * message stays in Resend's logs, addressed to Resend's own test address, naming no one.
 */
final class ResendCheck {

    static final String TEST_ADDRESS = "delivered@resend.dev";
    private static final Set<String> OUTCOMES =
            Set.of("delivered", "bounced", "complained", "failed", "canceled", "suppressed");

    private final ResendMailer mailer;
    private final Duration patience;
    private final Duration pollEvery;
    private final InstantSource clock;
    private final Sleeper sleeper;

    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    ResendCheck(ResendMailer mailer, Duration patience, Duration pollEvery, InstantSource clock, Sleeper sleeper) {
        this.mailer = mailer;
        this.patience = patience;
        this.pollEvery = pollEvery;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    VendorCheck run() {
        List<Step> steps = new ArrayList<>();
        String key = "kaptura-check-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        String text = "A test message from ./kaptura vendors check. It names no one and needs no answer.";
        String id;
        try {
            id = mailer.api()
                    .send(
                            key,
                            new ResendEmail(
                                    mailer.from(),
                                    List.of(TEST_ADDRESS),
                                    "Kaptura vendors check",
                                    "<p>" + text + "</p>",
                                    text))
                    .id();
            steps.add(Step.worked(
                    "send a test message to " + TEST_ADDRESS + " from the configured sender",
                    "accepted as email " + id + "; it stays in Resend's logs, addressed to Resend's test address"));
        } catch (RuntimeException e) {
            steps.add(Step.failed("send a test message to " + TEST_ADDRESS + " from the configured sender", said(e)));
            return new VendorCheck(ResendMailer.PROCESSOR, steps, List.of());
        }
        steps.add(readBack(id));
        return new VendorCheck(ResendMailer.PROCESSOR, steps, List.of());
    }

    private Step readBack(String id) {
        String what = "read the message back until Resend reports its outcome";
        Instant giveUp = clock.instant().plus(patience);
        Optional<String> last = Optional.empty();
        while (true) {
            try {
                last = Optional.ofNullable(mailer.api().email(id).lastEvent());
            } catch (ResendErrors.Refused refused) {
                if ("restricted_api_key".equals(refused.error().name())) {
                    return Step.worked(
                            what,
                            "not possible with a key restricted to sending (restricted_api_key); Kaptura only sends,"
                                    + " so such a key is enough");
                }
                return Step.failed(what, said(refused));
            } catch (RuntimeException e) {
                return Step.failed(what, said(e));
            }
            if (last.filter(OUTCOMES::contains).isPresent()) {
                return last.get().equals("delivered")
                        ? Step.worked(what, "last_event: delivered")
                        : Step.failed(what, "last_event: " + last.get());
            }
            if (!clock.instant().isBefore(giveUp)) {
                return Step.failed(
                        what,
                        "no outcome after " + patience.toSeconds() + " s (last_event: " + last.orElse("none") + ")");
            }
            try {
                sleeper.sleep(pollEvery);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Step.failed(what, "interrupted");
            }
        }
    }

    private String said(RuntimeException e) {
        return switch (e) {
            case ResendErrors.Refused refused ->
                refused.error().describe(refused.status())
                        + (refused.error().message() == null
                                ? ""
                                : ": " + mailer.scrubbed(refused.error().message()));
            case ResendErrors.QuotaReached quota -> quota.error().describe(429) + ": the sending quota is reached";
            case ResendErrors.KeyReused reused -> "HTTP 409 invalid_idempotent_request";
            case RetryableException retry ->
                "no answer after the configured attempts (" + retry.getClass().getSimpleName() + ")";
            case FeignException feign -> "HTTP " + feign.status();
            default -> e.getClass().getSimpleName();
        };
    }
}
