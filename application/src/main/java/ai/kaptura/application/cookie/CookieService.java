package ai.kaptura.application.cookie;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.cookie.CookiePolicy;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.RecordCookieChoice;
import ai.kaptura.ports.out.CookieChoices;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** Cookie choices: every accept and refuse recorded with its banner version (R41); analytics only after accept (R40). */
public record CookieService(
        CookieChoices choices, Transactions tx, AuditTrail audit, InstantSource clock, Settings settings)
        implements RecordCookieChoice {

    @Override
    public State handle(Command command) {
        Instant now = clock.instant();
        CookieChoice choice = new CookieChoice(command.visitor(), command.analytics(), command.banner(), now);
        tx.run(() -> {
            choices.record(choice);
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.COOKIE_CHOICE_RECORDED,
                    Subject.of("visitor", command.visitor()),
                    Rule.R41,
                    Map.of("analytics", command.analytics(), "banner", command.banner()));
        });
        return state(Optional.of(choice), now);
    }

    @Override
    public State current(VisitorId visitor) {
        return state(choices.latest(visitor), clock.instant());
    }

    private State state(Optional<CookieChoice> latest, Instant now) {
        return new State(
                CookiePolicy.shouldPrompt(latest, settings.cookieBanner(), now),
                CookiePolicy.analyticsAllowed(latest, settings.cookieBanner(), now),
                settings.cookieBanner());
    }
}
