package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The signed, single-purpose callback tokens on their own. */
@Tag("R37")
class CallbackTokensTest {

    private final CallbackTokens tokens = CallbackTokens.of(StubbedAstria.PUBLIC_BASE, StubbedAstria.CALLBACK_SECRET);
    private final OrderId order = new OrderId(UUID.fromString("3f6c1a2e-8d4b-4c1e-9a7f-0b5d2e8c4a11"));
    private final Instant expires = Instant.parse("2026-11-05T09:30:00Z");

    @Test
    void a_prompt_claim_comes_back_exactly_as_signed() {
        CallbackTokens.PromptClaim claim =
                new CallbackTokens.PromptClaim(order, "1234567", new StyleId("city-outdoor"), 2, 3, 20, expires);

        assertThat(tokens.verify(tokens.mint(claim))).contains(claim);
        assertThat(tokens.fromCallbackUrl(tokens.callbackUrl(claim))).contains(claim);
    }

    @Test
    void a_tune_claim_comes_back_and_names_only_its_title() {
        CallbackTokens.TuneClaim claim =
                new CallbackTokens.TuneClaim(order, CallbackTokens.digest("kaptura-abc"), expires);

        CallbackTokens.TuneClaim back =
                (CallbackTokens.TuneClaim) tokens.verify(tokens.mint(claim)).orElseThrow();

        assertThat(back.order()).isEqualTo(order);
        assertThat(back.expiresAt()).isEqualTo(expires);
        assertThat(back.names("kaptura-abc")).isTrue();
        assertThat(back.names("kaptura-abd")).isFalse();
    }

    @Test
    void the_token_is_url_safe_and_does_not_spell_the_order_out() {
        String token = tokens.mint(
                new CallbackTokens.PromptClaim(order, "1234567", new StyleId("studio-grey"), 0, 1, 2, expires));

        assertThat(token)
                .matches("[A-Za-z0-9_-]+")
                .hasSizeLessThan(400)
                .doesNotContain(order.toString())
                .doesNotContain(order.value().toString().replace("-", ""));
    }

    @Test
    void every_changed_byte_breaks_the_signature() {
        byte[] raw = Base64.getUrlDecoder()
                .decode(tokens.mint(new CallbackTokens.TuneClaim(order, CallbackTokens.digest("t"), expires)));

        for (int i = 0; i < raw.length; i++) {
            byte[] changed = raw.clone();
            changed[i] ^= 0x01;
            assertThat(tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(changed)))
                    .as("byte %d changed", i)
                    .isEmpty();
        }
    }

    @Test
    void another_secrets_tokens_are_not_recognised() {
        CallbackTokens other = CallbackTokens.of(
                StubbedAstria.PUBLIC_BASE,
                "yet another secret of thirty-two bytes or more".getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(other.mint(new CallbackTokens.TuneClaim(order, CallbackTokens.digest("t"), expires))))
                .isEmpty();
    }

    @Test
    void addresses_that_are_not_callbacks_carry_no_claim() {
        assertThat(tokens.fromCallbackUrl(null)).isEmpty();
        assertThat(tokens.fromCallbackUrl("https://optional-callback-url.com/to-your-service-when-ready"))
                .isEmpty();
        assertThat(tokens.fromCallbackUrl("https://kaptura.example.net/webhooks/generator/"))
                .isEmpty();
    }
}
