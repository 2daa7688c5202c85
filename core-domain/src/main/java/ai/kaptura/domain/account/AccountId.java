package ai.kaptura.domain.account;

import java.util.Objects;
import java.util.UUID;

/** An account's id: random, so it says nothing about the person (a pseudonym once the email is gone). */
public record AccountId(UUID value) {
    public AccountId {
        Objects.requireNonNull(value, "account id");
    }

    public static AccountId parse(String text) {
        return new AccountId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
