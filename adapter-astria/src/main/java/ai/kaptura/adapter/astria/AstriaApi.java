package ai.kaptura.adapter.astria;

import com.fasterxml.jackson.databind.JsonNode;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.util.Map;

/**
 * The part of Astria's REST API the adapter uses (docs.astria.ai, "API"): tunes and their prompts. Forms
 * are multipart with Rails-style field names ({@code tune[title]}, {@code prompt[text]}); answers are JSON.
 */
@Headers("Accept: application/json")
interface AstriaApi {

    @RequestLine("POST /tunes")
    @Headers("Content-Type: multipart/form-data")
    JsonNode createTune(Map<String, ?> form);

    /** One page of the account's tunes (Astria pages lists by {@code offset}). */
    @RequestLine("GET /tunes?offset={offset}")
    JsonNode tunes(@Param("offset") int offset);

    @RequestLine("GET /tunes/{id}")
    JsonNode tune(@Param("id") String id);

    @RequestLine("DELETE /tunes/{id}")
    void deleteTune(@Param("id") String id);

    @RequestLine("POST /tunes/{tune}/prompts")
    @Headers("Content-Type: multipart/form-data")
    JsonNode createPrompt(@Param("tune") String tune, Map<String, ?> form);

    /** One page of a tune's prompts. */
    @RequestLine("GET /tunes/{tune}/prompts?offset={offset}")
    JsonNode prompts(@Param("tune") String tune, @Param("offset") int offset);

    @RequestLine("GET /tunes/{tune}/prompts/{id}")
    JsonNode prompt(@Param("tune") String tune, @Param("id") String id);

    @RequestLine("DELETE /prompts/{id}")
    void deletePrompt(@Param("id") String id);
}
