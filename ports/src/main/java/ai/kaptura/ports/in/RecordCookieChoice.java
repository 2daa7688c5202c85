package ai.kaptura.ports.in;

import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.VisitorId;

/** R40, R41: a visitor's cookie choice, and what the page may load because of it. */
public interface RecordCookieChoice {

    record Command(VisitorId visitor, boolean analytics, BannerVersion banner) {}

    /** What the page should do now. */
    record State(boolean showBanner, boolean analyticsAllowed, BannerVersion currentBanner) {}

    State handle(Command command);

    State current(VisitorId visitor);
}
