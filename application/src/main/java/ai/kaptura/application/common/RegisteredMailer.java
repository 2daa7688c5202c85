package ai.kaptura.application.common;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.MailDeliveryUnsure;
import ai.kaptura.ports.out.MailHolds;
import ai.kaptura.ports.out.MailHolds.Hold;
import ai.kaptura.ports.out.MailHolds.Reason;
import ai.kaptura.ports.out.MailOutage;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.Processors;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The mailer every use case sends through.
 *
 * <p>Before each message it asks the processor registry whether the email processor may receive account data (R33), so
 * no mail of any kind (sign-in codes, address checks, order and privacy-request messages) reaches a processor missing
 * from the registry or with an incomplete entry.
 *
 * <p>It also keeps mail from a processor that said it will take none for a while, and keeps each message whose delivery
 * is unsure from being sent again too soon (R49), in the {@link MailHolds} every node shares:
 * <ul>
 *   <li>a processor that answers its quota is reached ({@link MailOutage}) is held until it may take mail again: no
 *       message is handed to it before, from any node, and the hold is released by the first message it takes after;</li>
 *   <li>a message the processor's answer leaves unsure ({@link MailDeliveryUnsure}) is held, by the SHA-256 of its
 *       idempotency key, until it may be sent again under that key; it is released once the processor takes it.</li>
 * </ul>
 * A message held either way is not sent: {@link MailPaused} says until when, so a mail job waits until then instead of
 * failing; each hold raises an alarm while it lasts. A mailer that keeps everything on this machine (the outbox) has no
 * processor: it is asked nothing and held never.
 */
@Implements({Rule.R33, Rule.R49})
public final class RegisteredMailer implements Mailer {

    private static final System.Logger LOG = System.getLogger(RegisteredMailer.class.getName());

    /** The message was not handed to the processor: it must wait until {@link #until()}. */
    public static final class MailPaused extends IllegalStateException {
        private final transient Instant until;

        MailPaused(String message, Instant until) {
            super(message);
            this.until = until;
        }

        public Instant until() {
            return until;
        }
    }

    private final Mailer delegate;
    private final Processors processors;
    private final MailHolds holds;
    private final InstantSource clock;

    public RegisteredMailer(Mailer delegate, Processors processors, MailHolds holds, InstantSource clock) {
        this.delegate = Objects.requireNonNull(delegate, "mailer");
        this.processors = Objects.requireNonNull(processors, "processors");
        this.holds = Objects.requireNonNull(holds, "mail holds");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<String> processorName() {
        return delegate.processorName();
    }

    /** The name a message of unsure delivery is held by: the SHA-256 (hex) of its idempotency key, never the key. */
    public static String heldName(String idempotencyKey) {
        return Digest.sha256(idempotencyKey).hex();
    }

    /**
     * @throws IllegalStateException naming the registry's objection, if the processor may not receive account data
     * @throws MailPaused            if the message waits for the processor's quota or for its unsure delivery to settle
     */
    @Override
    public void send(Mail mail) {
        Optional<String> processor = delegate.processorName();
        Optional<Rejection> unregistered =
                processor.flatMap(name -> processors.registry().checkTransfer(name, DataCategory.ACCOUNT));
        if (unregistered.isPresent()) {
            throw new IllegalStateException(
                    "Mail cannot be sent: " + unregistered.get().detail() + " (R33)");
        }
        if (processor.isEmpty()) {
            delegate.send(mail);
            return;
        }
        String name = processor.get();
        String message = heldName(mail.idempotencyKey());
        Instant now = clock.instant();
        Optional<Hold> quota = holds.find(Reason.QUOTA_REACHED, name);
        if (quota.filter(h -> h.holdsAt(now)).isPresent()) {
            throw new MailPaused(
                    "Mail waits: " + name + " said its sending quota is reached ("
                            + quota.get().detail() + "); nothing is handed to it before "
                            + quota.get().until(),
                    quota.get().until());
        }
        Optional<Hold> unsure = holds.find(Reason.DELIVERY_UNSURE, message);
        if (unsure.filter(h -> h.holdsAt(now)).isPresent()) {
            throw new MailPaused(
                    "This " + mail.getClass().getSimpleName() + " waits: whether it was delivered is unsure ("
                            + unsure.get().detail() + "); it is sent again under its key from "
                            + unsure.get().until(),
                    unsure.get().until());
        }
        try {
            delegate.send(mail);
        } catch (RuntimeException e) {
            if (e instanceof MailOutage outage) {
                if (holds.hold(new Hold(Reason.QUOTA_REACHED, name, now, outage.resumeAt(), "sending quota reached"))) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            () -> "Mail is held: " + name + " refuses mail until its quota allows;"
                                    + " nothing is handed to it before " + outage.resumeAt());
                }
                throw new MailPaused(
                        "Mail waits: " + name + " said its sending quota is reached; nothing is handed to it before "
                                + outage.resumeAt(),
                        outage.resumeAt());
            }
            if (e instanceof MailDeliveryUnsure unsureNow) {
                holds.hold(new Hold(
                        Reason.DELIVERY_UNSURE,
                        message,
                        now,
                        unsureNow.retryFrom(),
                        "its key was used before with another body; delivery unknown"));
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "Mail " + message + " (a " + mail.getClass().getSimpleName()
                                + ") may not have been delivered: " + name
                                + "'s answer does not say; it is sent again under its key from "
                                + unsureNow.retryFrom());
                throw new MailPaused(
                        "This " + mail.getClass().getSimpleName() + " waits: " + name + "'s answer leaves unsure"
                                + " whether it was delivered; it is sent again under its key from "
                                + unsureNow.retryFrom(),
                        unsureNow.retryFrom());
            }
            throw e;
        }
        if (quota.isPresent() && holds.release(Reason.QUOTA_REACHED, name)) {
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> "Mail flows again: " + name + " took a message after its quota was reached");
        }
        if (unsure.isPresent()) {
            holds.release(Reason.DELIVERY_UNSURE, message);
        }
    }

    /** Forgets the unsure delivery of a message nobody will send any more (its account erased, its subject gone). */
    public void forget(String idempotencyKey) {
        holds.release(Reason.DELIVERY_UNSURE, heldName(idempotencyKey));
    }
}
