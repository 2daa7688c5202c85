package ai.kaptura.adapter.email;

import java.util.Locale;

/** How the connection to the SMTP server is protected. */
enum SmtpSecurity {
    /** Plain connection upgraded by STARTTLS, which is required: a server that does not offer it is refused (port 587). */
    STARTTLS("smtp"),
    /** TLS from the first byte, "implicit TLS" or SMTPS (port 465). */
    TLS("smtps"),
    /** No encryption at all: only for a relay on this machine or a private network. */
    NONE("smtp");

    private final String protocol;

    SmtpSecurity(String protocol) {
        this.protocol = protocol;
    }

    /** The Jakarta Mail transport protocol, also the prefix of its session properties. */
    String protocol() {
        return protocol;
    }

    static SmtpSecurity parse(String value) {
        if (value != null) {
            for (SmtpSecurity security : values()) {
                if (security.name().equalsIgnoreCase(value.strip())) {
                    return security;
                }
            }
        }
        throw new IllegalArgumentException("The SMTP security must be one of starttls, tls or none (got "
                + (value == null ? "nothing" : "'" + value + "'") + ")");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
