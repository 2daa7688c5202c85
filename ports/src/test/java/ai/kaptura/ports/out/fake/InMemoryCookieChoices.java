package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.ports.out.CookieChoices;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@link CookieChoices} in memory: every choice kept until deleted by age. */
public record InMemoryCookieChoices(InMemoryDatabase db) implements CookieChoices {

    public InMemoryCookieChoices {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public void record(CookieChoice choice) {
        Objects.requireNonNull(choice, "choice");
        synchronized (db) {
            db.cookieChoices.add(choice);
        }
    }

    @Override
    public Optional<CookieChoice> latest(VisitorId visitor) {
        synchronized (db) {
            CookieChoice latest = null;
            for (CookieChoice c : db.cookieChoices) {
                if (c.visitor().equals(visitor) && (latest == null || !c.at().isBefore(latest.at()))) {
                    latest = c;
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    @Override
    public int deleteMadeBefore(Instant before) {
        synchronized (db) {
            int count = db.cookieChoices.size();
            db.cookieChoices.removeIf(c -> c.at().isBefore(before));
            return count - db.cookieChoices.size();
        }
    }
}
