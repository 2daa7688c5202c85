package ai.kaptura.adapter.email;

import feign.Headers;
import feign.Param;
import feign.RequestLine;

/**
 * The calls of Resend's API that Kaptura makes: send an email, and — only in {@code ./kaptura vendors check} — read one
 * back ({@code GET /emails/{email_id}}, resend/resend-openapi {@code resend.yaml}). The {@code Authorization} header is
 * added by a request interceptor, so the API key never appears in a method signature.
 */
interface ResendApi {

    @RequestLine("POST /emails")
    @Headers({"Content-Type: application/json", "Accept: application/json", "Idempotency-Key: {key}"})
    ResendSent send(@Param("key") String idempotencyKey, ResendEmail email);

    @RequestLine("GET /emails/{id}")
    @Headers("Accept: application/json")
    ResendStatus email(@Param("id") String id);
}
