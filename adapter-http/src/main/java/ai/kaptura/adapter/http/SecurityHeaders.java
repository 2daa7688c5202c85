package ai.kaptura.adapter.http;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import io.javalin.http.Context;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Headers every response carries, pages, API and errors alike. The content security policy allows no
 * inline script at all, and names the analytics host only when analytics is configured; the page loads
 * the analytics script from it only after opt-in (R40).
 */
@Implements(Rule.R40)
final class SecurityHeaders {

    private static final String GOOGLE_TAG_HOST = "www.googletagmanager.com";

    private final String contentSecurityPolicy;
    private final boolean https;

    /**
     * @param analyticsScript the analytics script's address, only when analytics is configured
     * @param publicBaseUrl   the site's public address: HSTS when it is https; form posts may go to it (the
     *                        sandbox page redirects there after paying)
     */
    SecurityHeaders(Optional<URI> analyticsScript, URI publicBaseUrl) {
        this.https = "https".equalsIgnoreCase(publicBaseUrl.getScheme());
        Set<String> scripts = new LinkedHashSet<>();
        Set<String> connect = new LinkedHashSet<>();
        Set<String> images = new LinkedHashSet<>();
        analyticsScript.ifPresent(script -> {
            String origin = origin(script);
            scripts.add(origin);
            connect.add(origin);
            images.add(origin);
            if (GOOGLE_TAG_HOST.equalsIgnoreCase(script.getHost())) {
                // Where gtag.js sends its measurements (Google's documented CSP for GA4).
                connect.add("https://*.google-analytics.com");
                connect.add("https://*.analytics.google.com");
                connect.add("https://*.googletagmanager.com");
                images.add("https://*.google-analytics.com");
                images.add("https://*.googletagmanager.com");
            }
        });
        this.contentSecurityPolicy = "default-src 'self'"
                + "; script-src 'self'" + join(scripts)
                + "; style-src 'self'"
                + "; img-src 'self' data: blob:" + join(images)
                + "; connect-src 'self'" + join(connect)
                + "; font-src 'self'"
                + "; object-src 'none'"
                + "; base-uri 'none'"
                + "; form-action 'self' " + origin(publicBaseUrl)
                + "; frame-ancestors 'none'";
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    void apply(Context ctx) {
        headers(ctx.path()).forEach(ctx::header);
    }

    /**
     * The headers for a response to {@code path}, for answers written outside Javalin's handlers too (requests
     * the server refuses before routing, see {@link ProtocolErrors}).
     */
    Map<String, String> headers(String path) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", contentSecurityPolicy);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        if (https) {
            // Every subdomain too: a plain-http subdomain could otherwise set cookies for this site's name.
            headers.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        if (path.startsWith("/api/")
                || path.startsWith("/auth/")
                || path.startsWith("/webhooks/")
                || path.startsWith("/sandbox/")) {
            headers.put("Cache-Control", "no-store");
        }
        return headers;
    }

    /** {@code scheme://host[:port]} of an absolute URL, the port left out when it is the scheme's default. */
    static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort =
                port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + url.getHost().toLowerCase(java.util.Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String join(Set<String> sources) {
        return sources.isEmpty() ? "" : " " + String.join(" ", sources);
    }
}
