package ai.kaptura.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one direct identifier: normalised and shape-checked; masked wherever it is printed (R37). */
class EmailAddressTest {

    @Test
    void an_email_address_is_normalised_for_case_and_surrounding_whitespace() {
        EmailAddress typed = EmailAddress.of("  Ada.Lovelace@Example.COM \t");

        assertThat(typed.value()).isEqualTo("ada.lovelace@example.com");
        assertThat(typed).isEqualTo(EmailAddress.of("ada.lovelace@example.com"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "   ",
                "no-at-sign",
                "ada@",
                "@example.com",
                "ada@example",
                "ada@@example.com",
                "ada lovelace@example.com",
                "ada..lovelace@example.com",
                ".ada@example.com",
                "ada@-example.com",
                "ada@example-.com",
                "ada@exa_mple.com",
                "ada@example..com",
                "ada@.example.com"
            })
    void an_email_address_of_the_wrong_shape_is_rejected_as_invalid_email(String raw) {
        assertThatThrownBy(() -> EmailAddress.of(raw))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.rejection().reason()).isEqualTo(Rejection.Reason.INVALID_EMAIL));
    }

    @Test
    void an_email_address_longer_than_254_characters_or_a_local_part_above_64_is_rejected() {
        String longDomain =
                String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60), "e".repeat(60))
                        + ".com";
        assertThatThrownBy(() -> EmailAddress.of("x@" + longDomain))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.rejection().reason()).isEqualTo(Rejection.Reason.INVALID_EMAIL));
        assertThatThrownBy(() -> EmailAddress.of("a".repeat(65) + "@example.com"))
                .isInstanceOf(InvalidInput.class);
        assertThat(EmailAddress.of("a".repeat(64) + "@example.com").value()).hasSize(76);
    }

    @Test
    void plus_addressing_and_subdomains_are_accepted() {
        assertThat(EmailAddress.of("ada+headshots@mail.example.co.uk").value())
                .isEqualTo("ada+headshots@mail.example.co.uk");
    }

    @Test
    @Tag("R37")
    void masked_hides_the_local_part_and_to_string_never_shows_it() {
        EmailAddress email = EmailAddress.of("ada.lovelace@example.com");

        assertThat(email.masked()).isEqualTo("a***@example.com");
        assertThat(email.toString()).isEqualTo("a***@example.com").doesNotContain("lovelace");
        assertThat(EmailAddress.of("x@example.com").masked()).isEqualTo("x***@example.com");
    }
}
