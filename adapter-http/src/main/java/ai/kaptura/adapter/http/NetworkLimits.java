package ai.kaptura.adapter.http;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.RateLimits;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * Limits per network on what anybody may ask without being signed in, or ask often (R47). The counters live in
 * the database ({@link RateLimits}), so a limit holds however many nodes answer; a network is an IPv4 address or
 * an IPv6 /64 ({@link ClientAddress}). The use cases add their own limits per address and per account.
 */
@Implements(Rule.R47)
final class NetworkLimits {

    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Codes asked for from one network: enough for a household, too few to probe many addresses. */
    static final RateLimits.Limit SIGN_IN_START = new RateLimits.Limit("sign-in-start-network", 10, WINDOW);
    /** Codes and links tried from one network. */
    static final RateLimits.Limit SIGN_IN_VERIFY = new RateLimits.Limit("sign-in-verify-network", 30, WINDOW);
    /** Address changes (codes asked for and tried) from one network. */
    static final RateLimits.Limit ADDRESS_CHANGE = new RateLimits.Limit("address-change-network", 20, WINDOW);
    /** Cookie choices recorded from one network; each writes a row, and nobody needs many. */
    static final RateLimits.Limit COOKIE_CHOICE = new RateLimits.Limit("cookie-choice-network", 30, WINDOW);

    private final RateLimits limits;
    private final ClientAddress clients;

    NetworkLimits(RateLimits limits, ClientAddress clients) {
        this.limits = limits;
        this.clients = clients;
    }

    /** Counts this request under {@code limit}; refuses it with a 429 problem (and {@code Retry-After}) beyond. */
    void check(Context ctx, RateLimits.Limit limit) {
        limits.attempt(limit, clients.network(ctx)).ifPresent(wait -> {
            throw new ProblemException(Problem.rateLimited(wait));
        });
    }
}
