package ai.kaptura.adapter.email;

/** Resend's answer to a send: the id it gave the email (the same id again for a repeated idempotency key). */
record ResendSent(String id) {}
