package ai.kaptura.adapter.email;

/**
 * Makes a provider's error text safe to put into an exception message (which ends up in logs): the
 * recipient's address is masked and secrets are removed (R37), and an overlong text is cut visibly.
 */
final class Scrub {

    /** Longer provider texts are cut, with a marker saying so. */
    static final int MAX_LENGTH = 300;

    private Scrub() {}

    /**
     * @param text      what the provider said, possibly null
     * @param recipient the recipient's address, replaced by {@code masked} wherever it appears (any case)
     * @param secrets   values replaced by {@code [redacted]} (API key, password); blank ones are ignored
     */
    static String text(String text, String recipient, String masked, String... secrets) {
        if (text == null || text.isBlank()) {
            return "(no details)";
        }
        String safe = replaceIgnoringCase(text.strip(), recipient, masked);
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                safe = safe.replace(secret, "[redacted]");
            }
        }
        safe = safe.replaceAll("[\\r\\n\\t]+", " ");
        return safe.length() > MAX_LENGTH ? safe.substring(0, MAX_LENGTH) + "… (shortened)" : safe;
    }

    private static String replaceIgnoringCase(String text, String target, String replacement) {
        if (target == null || target.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.regionMatches(true, i, target, 0, target.length())) {
                out.append(replacement);
                i += target.length();
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }
}
