package ai.kaptura.ports.out;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Attempt counters shared by every node (R47): a limit per network address, per email address or per
 * account holds however many nodes serve the requests, because the count lives in the one database.
 *
 * <p>A counter counts in fixed windows of {@link Limit#window()}, one right after the other, the first
 * opened by the key's first attempt: the first {@link Limit#attempts()} attempts in a window pass, every
 * further one is refused (and not counted) until the window is over. So at most {@code attempts} pass per
 * window, and a burst across a window's end is at most twice that. A counter whose window lapsed may be
 * removed ({@link #removeExpired()}); the key's next attempt then opens a new first window.
 *
 * <p>Keys are personal data (network and email addresses). A store keeps only a one-way hash of the
 * limit and the key, never the key itself; the retention sweep removes counters whose window has lapsed
 * (R12), which is at most {@link LegalConstants#RATE_LIMIT_LONGEST_WINDOW} after the last attempt they
 * counted.
 *
 * <p>Counting commits on its own, whatever transaction the caller has open: an attempt once counted stays
 * counted even if the caller's work then fails. In the database it uses a connection of its own, so count
 * before opening a transaction: a thread holding one while it waits for a second can drain the pool.
 */
@Implements(Rule.R47)
public interface RateLimits {

    /**
     * At most {@code attempts} per {@code window}; {@code name} tells limits apart (e.g.
     * "sign-in-start-network"). Name, attempts and window together are the limit: changing any of them
     * starts new counters.
     */
    record Limit(String name, int attempts, Duration window) {

        private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");

        public Limit {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(window, "window");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "A limit's name is 1-40 characters of a-z, 0-9 and '-', not '" + name + "'");
            }
            if (attempts < 1) {
                throw new IllegalArgumentException(
                        "The limit " + name + " allows at least one attempt, not " + attempts);
            }
            if (window.isNegative()
                    || window.isZero()
                    || window.compareTo(LegalConstants.RATE_LIMIT_LONGEST_WINDOW) > 0) {
                throw new IllegalArgumentException("The limit " + name
                        + " counts in a window longer than zero and at most " + LegalConstants.RATE_LIMIT_LONGEST_WINDOW
                        + " (its counters are kept no longer, R12), not " + window);
            }
        }

        /**
         * What a store hashes to name the counter of {@code key} under this limit: name, attempts, window and
         * key, separated unambiguously (only the key may hold any character, and it comes last). Never stored.
         */
        public String counterOf(String key) {
            return name + '\u0000' + attempts + '\u0000' + window + '\u0000' + checkedKey(key);
        }
    }

    /**
     * Counts one attempt of {@code key} under {@code limit}: empty when allowed, else how long until the next
     * attempt would be (positive, at most the window). A refused attempt is not counted.
     *
     * @param key what is limited, such as a network or email address: not blank; stored only as a hash
     */
    Optional<Duration> attempt(Limit limit, String key);

    /**
     * Removes counters that have fully refilled / whose window has passed; answers how many were removed.
     * A counter still inside its window, refusing or not, stays.
     */
    int removeExpired();

    /** The check every store makes of a key before counting it. */
    static String checkedKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException(
                    "A rate-limit key is not blank (a blank one would lump everybody together)");
        }
        return key;
    }
}
