package ai.kaptura.adapter.stripe;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook events as Stripe delivers them (the {@code event} envelope of Stripe's API reference around a
 * {@code data.object}), signed with Stripe's scheme, computed here independently of stripe-java:
 * {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + payload)>}.
 */
final class StripeEvents {

    static final String WEBHOOK_SECRET = "whsec_kapturaStubEndpointSecret0123456789";

    private StripeEvents() {}

    /** The event envelope around {@code object}, in the stub's (older) API version. */
    static String event(String id, String type, JsonObject object, Instant created) {
        JsonObject data = new JsonObject();
        data.add("object", object);
        JsonObject request = new JsonObject();
        request.add("id", JsonNull.INSTANCE);
        request.add("idempotency_key", JsonNull.INSTANCE);
        JsonObject event = new JsonObject();
        event.addProperty("id", id);
        event.addProperty("object", "event");
        event.addProperty("api_version", StripeStub.EVENT_API_VERSION);
        event.addProperty("created", created.getEpochSecond());
        event.add("data", data);
        event.addProperty("livemode", false);
        event.addProperty("pending_webhooks", 1);
        event.add("request", request);
        event.addProperty("type", type);
        return event.toString();
    }

    /** The {@code Stripe-Signature} value for {@code body} signed at {@code at} with {@code secret}. */
    static String signature(String secret, byte[] body, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + hmac(secret, t, body);
    }

    static String hmac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Headers as the HTTP adapter passes them on: the signature, and the content type Stripe sends. */
    static Map<String, List<String>> headers(String signature) {
        return Map.of(
                StripeWebhooks.SIGNATURE_HEADER,
                List.of(signature),
                "Content-Type",
                List.of("application/json; charset=utf-8"));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
