package ai.kaptura.adapter.http;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. Every route names exactly one; a route that names none is refused to everyone
 * (deny by default, see {@link Guard}).
 */
enum Access implements RouteRole {
    /** Anybody, signed in or not: pages, plans, the policy, sign-in itself, cookie choices, health. */
    ANYONE,
    /** A signed-in person (session cookie); they only ever see their own orders, selfies and headshots. */
    PERSON,
    /**
     * An operator at the desk: a session of the operator's role, in its own cookie (R50). A person's session opens no
     * operator route, and an operator's session no person's route.
     */
    OPERATOR,
    /** A compliance auditor with a bearer token. */
    AUDITOR,
    /** The operations' scraper of {@code /metrics}, with its bearer token ({@code KAPTURA_METRICS_TOKEN}). */
    METRICS,
    /**
     * A vendor's webhook or callback: no session and so no CSRF token; authenticity is the vendor adapter's
     * to verify from the raw body and headers.
     */
    VENDOR
}
