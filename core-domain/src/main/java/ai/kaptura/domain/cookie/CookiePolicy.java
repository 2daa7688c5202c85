package ai.kaptura.domain.cookie;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Cookie decisions. Analytics runs only on an explicit "accept" to the banner currently shown, and
 * stops the moment it is refused (R40). A choice is not asked again for six months unless the banner
 * changed (R41). Only essential cookies exist otherwise, and checkout never asks (R8).
 */
@Implements({Rule.R8, Rule.R40, Rule.R41})
public final class CookiePolicy {

    private CookiePolicy() {}

    /** R40: may the analytics script be loaded for this visitor now? */
    public static boolean analyticsAllowed(Optional<CookieChoice> latest, BannerVersion current, Instant now) {
        return latest.filter(c -> c.analytics() && !shouldPrompt(latest, current, now))
                .isPresent();
    }

    /** R41: should the banner be shown? Yes without a choice, after six months, or on a new banner version. */
    public static boolean shouldPrompt(Optional<CookieChoice> latest, BannerVersion current, Instant now) {
        if (latest.isEmpty()) {
            return true;
        }
        CookieChoice choice = latest.get();
        if (!choice.banner().equals(current)) {
            return true;
        }
        Instant expires = choice.at()
                .atZone(ZoneOffset.UTC)
                .plus(LegalConstants.COOKIE_CHOICE_VALIDITY)
                .toInstant();
        return !now.isBefore(expires);
    }
}
