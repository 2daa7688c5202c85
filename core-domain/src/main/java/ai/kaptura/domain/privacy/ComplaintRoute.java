package ai.kaptura.domain.privacy;

import ai.kaptura.domain.shared.Checks;

/** Where a person may complain: the supervisory authority and how to reach it (R21, R25). */
public record ComplaintRoute(String authority, String contact) {
    public ComplaintRoute {
        Checks.text(authority, "supervisory authority", 200);
        Checks.text(contact, "how to reach the supervisory authority", 500);
    }

    public String describe() {
        return "You may lodge a complaint with " + authority + " (" + contact + ").";
    }
}
