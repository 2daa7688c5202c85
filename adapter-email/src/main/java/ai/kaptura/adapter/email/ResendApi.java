package ai.kaptura.adapter.email;

import feign.Headers;
import feign.Param;
import feign.RequestLine;

/**
 * The one call of Resend's API that Kaptura makes: send an email. The {@code Authorization} header is
 * added by a request interceptor, so the API key never appears in a method signature.
 */
interface ResendApi {

    @RequestLine("POST /emails")
    @Headers({"Content-Type: application/json", "Accept: application/json", "Idempotency-Key: {key}"})
    ResendSent send(@Param("key") String idempotencyKey, ResendEmail email);
}
