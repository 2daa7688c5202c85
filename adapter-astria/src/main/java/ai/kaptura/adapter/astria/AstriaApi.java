package ai.kaptura.adapter.astria;

import com.fasterxml.jackson.databind.JsonNode;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.util.Map;

/**
 * The part of Astria's REST API the adapter uses (docs.astria.ai, "API"): tunes and their prompts. Forms are multipart
 * with Rails-style field names ({@code tune[title]}, {@code prompt[text]}); answers are JSON. Lists are read newest first
 * by {@code before_id} and {@code limit} (at most {@value #PAGE}), never by {@code offset}: Astria answers 400 to a tune
 * list offset above 200 and a prompt list offset above 10,000 (astria-docs {@code docs/api/0-tune/4-list.md},
 * {@code docs/api/1-prompt/4-list.md}).
 */
@Headers("Accept: application/json")
interface AstriaApi {

    /** The most objects Astria answers in one page of a list. */
    int PAGE = 120;

    @RequestLine("POST /tunes")
    @Headers("Content-Type: multipart/form-data")
    JsonNode createTune(Map<String, ?> form);

    /** The newest page of the account's tunes. */
    @RequestLine("GET /tunes?limit={limit}")
    JsonNode tunes(@Param("limit") int limit);

    /** The page of the account's tunes just older (lower id) than {@code beforeId}. */
    @RequestLine("GET /tunes?limit={limit}&before_id={before}")
    JsonNode tunesBefore(@Param("before") String beforeId, @Param("limit") int limit);

    @RequestLine("GET /tunes/{id}")
    JsonNode tune(@Param("id") String id);

    @RequestLine("DELETE /tunes/{id}")
    void deleteTune(@Param("id") String id);

    @RequestLine("POST /tunes/{tune}/prompts")
    @Headers("Content-Type: multipart/form-data")
    JsonNode createPrompt(@Param("tune") String tune, Map<String, ?> form);

    /** The newest page of a tune's prompts. */
    @RequestLine("GET /tunes/{tune}/prompts?limit={limit}")
    JsonNode prompts(@Param("tune") String tune, @Param("limit") int limit);

    /** The page of a tune's prompts just older (lower id) than {@code beforeId}. */
    @RequestLine("GET /tunes/{tune}/prompts?limit={limit}&before_id={before}")
    JsonNode promptsBefore(@Param("tune") String tune, @Param("before") String beforeId, @Param("limit") int limit);

    @RequestLine("GET /tunes/{tune}/prompts/{id}")
    JsonNode prompt(@Param("tune") String tune, @Param("id") String id);

    @RequestLine("DELETE /prompts/{id}")
    void deletePrompt(@Param("id") String id);
}
