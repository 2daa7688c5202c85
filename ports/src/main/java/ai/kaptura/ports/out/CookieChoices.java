package ai.kaptura.ports.out;

import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.cookie.VisitorId;
import java.time.Instant;
import java.util.Optional;

/** Every cookie choice, each recorded with its banner version (R41). */
public interface CookieChoices {

    void record(CookieChoice choice);

    Optional<CookieChoice> latest(VisitorId visitor);

    /** Deletes choices made before {@code before}; answers how many. */
    int deleteMadeBefore(Instant before);
}
