package ai.kaptura.adapter.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Checks the sender ({@code From}) an operator configured, such as {@code Kaptura <no-reply@example.com>}. */
final class Senders {

    private Senders() {}

    /** The sender as configured, once it is known to be one RFC 5322 address (optionally with a name). */
    static String checked(String from) {
        parsed(from);
        return from.strip();
    }

    static InternetAddress parsed(String from) {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException(
                    "A sender address (From) is required, e.g. Kaptura <no-reply@example.com>");
        }
        if (from.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("The sender address (From) must be one line");
        }
        try {
            InternetAddress[] addresses = InternetAddress.parse(from.strip(), true);
            if (addresses.length != 1) {
                throw new IllegalArgumentException(
                        "The sender (From) must be exactly one address, e.g. Kaptura <no-reply@example.com>");
            }
            addresses[0].validate();
            if (addresses[0].getAddress().indexOf('@') < 1) {
                throw new IllegalArgumentException(
                        "The sender (From) needs an address with a domain, e.g. no-reply@example.com");
            }
            return addresses[0];
        } catch (AddressException e) {
            throw new IllegalArgumentException(
                    "The sender (From) is not an email address such as Kaptura <no-reply@example.com>: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The domain of the sender's address: the right-hand side of our Message-IDs. */
    static String domain(InternetAddress from) {
        String address = from.getAddress();
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
