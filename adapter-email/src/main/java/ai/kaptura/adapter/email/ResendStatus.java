package ai.kaptura.adapter.email;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What Kaptura reads of Resend's email object: its id and its {@code last_event} ({@code delivered}, {@code bounced}, …). */
record ResendStatus(String id, @JsonProperty("last_event") String lastEvent) {}
