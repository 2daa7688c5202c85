package ai.kaptura.domain.cookie;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.util.Objects;

/** A visitor's answer to the cookie banner, accept or refuse, with the banner version it answered (R41). */
@Implements(Rule.R41)
public record CookieChoice(VisitorId visitor, boolean analytics, BannerVersion banner, Instant at) {
    public CookieChoice {
        Objects.requireNonNull(visitor, "visitor");
        Objects.requireNonNull(banner, "banner version");
        Objects.requireNonNull(at, "at");
    }
}
