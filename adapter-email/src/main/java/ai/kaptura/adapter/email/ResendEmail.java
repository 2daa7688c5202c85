package ai.kaptura.adapter.email;

import java.util.List;

/**
 * The JSON body of {@code POST /emails}: exactly these fields and nothing else (no {@code tags}, no
 * {@code headers}, no {@code reply_to}), so the only personal data Resend receives is the recipient's
 * address and the message the person needs (R37).
 */
record ResendEmail(String from, List<String> to, String subject, String html, String text) {

    ResendEmail {
        to = List.copyOf(to);
    }
}
