package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.in.EraseAccount;
import ai.kaptura.ports.in.ExportMyData;
import ai.kaptura.ports.in.PublishPolicy;
import ai.kaptura.ports.in.RectifyEmail;
import ai.kaptura.ports.in.WithdrawConsent;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The self-service privacy page's API: the policy and retention schedule (R12), access and portability
 * as a download (R24, R25, R29), rectification (R26), withdrawal in one action (R7), erasure (R27) and the
 * person's requests with their due dates (R20).
 */
@Implements({Rule.R7, Rule.R12, Rule.R20, Rule.R22, Rule.R24, Rule.R25, Rule.R26, Rule.R27, Rule.R29, Rule.R47})
record PrivacyRoutes(
        PublishPolicy policy,
        ExportMyData export,
        RectifyEmail rectify,
        WithdrawConsent withdraw,
        EraseAccount erase,
        Cookies cookies,
        NetworkLimits limits,
        InstantSource clock) {

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/privacy/policy", this::policy, Access.ANYONE);
        // A POST, so that only this site's pages (with the session's CSRF token) start an export: a link or a
        // top-level navigation from another site must not record a privacy request and stream the person's data.
        routes.post("/api/me/export", this::export, Access.PERSON);
        routes.patch("/api/me", this::rectify, Access.PERSON);
        routes.post("/api/me/consents/withdraw", this::withdraw, Access.PERSON);
        routes.delete("/api/me", this::erase, Access.PERSON);
        routes.get("/api/me/requests", this::requests, Access.PERSON);
    }

    private void policy(Context ctx) {
        Json.respond(ctx, 200, Views.policy(policy.current()));
    }

    /**
     * R25, R29: {@code data.json} (everything held, with the Art. 15 information), the person's files, and
     * {@code manifest.json} listing every part with its SHA-256, written last so each hash is the one of the
     * bytes actually written.
     */
    private void export(Context ctx) throws IOException {
        ExportMyData.Export data = export.export(Guard.account(ctx));
        String day = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        ctx.header("Content-Disposition", "attachment; filename=\"kaptura-export-" + day + ".zip\"");
        ctx.status(200).contentType("application/zip");
        List<Map<String, Object>> manifest = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(ctx.outputStream())) {
            byte[] json = data.dataJson().getBytes(StandardCharsets.UTF_8);
            zip.putNextEntry(new ZipEntry("data.json"));
            zip.write(json);
            zip.closeEntry();
            paths.add("data.json");
            manifest.add(Views.ordered(
                    "path",
                    "data.json",
                    "mediaType",
                    "application/json",
                    "sha256",
                    Digest.sha256(json).hex(),
                    "bytes",
                    json.length));
            for (ExportMyData.Part part : data.files()) {
                String path = safePath(part.path());
                if (!paths.add(path)) {
                    throw new IllegalStateException("The export names " + path + " twice");
                }
                zip.putNextEntry(new ZipEntry(path));
                MessageDigest sha = Digest.sha256Engine();
                long bytes;
                try (InputStream in = part.content().get()) {
                    CountingOut out = new CountingOut(new DigestOutputStream(new Unclosable(zip), sha));
                    in.transferTo(out);
                    bytes = out.count;
                }
                zip.closeEntry();
                Digest written = Digest.of(sha);
                if (!written.equals(part.sha256())) {
                    // A manifest must never vouch for bytes that are not the ones given: break the download.
                    throw new IllegalStateException("Export part " + path + " does not match its recorded SHA-256");
                }
                manifest.add(Views.ordered(
                        "path", path, "mediaType", part.mediaType(), "sha256", written.hex(), "bytes", bytes));
            }
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(Json.bytes(Views.ordered(
                    "request",
                    data.request().toString(),
                    "generatedAt",
                    data.report().generatedAt().toString(),
                    "algorithm",
                    "SHA-256",
                    "files",
                    manifest)));
            zip.closeEntry();
            zip.finish();
        }
    }

    /** Archive paths come from the use case; they still may not climb out of the archive. */
    static String safePath(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.isEmpty()
                || p.contains("../")
                || p.equals("..")
                || p.endsWith("/..")
                || p.equals("data.json")
                || p.equals("manifest.json")) {
            throw new IllegalStateException("Export part path '" + path + "' is not a safe archive path");
        }
        return p;
    }

    /**
     * R26: PATCH {@code {email}} sends a code to the new address; PATCH {@code {email, code}} confirms it, and
     * only then does the address change, ending every session of the account but this one (R47).
     */
    private void rectify(Context ctx) {
        limits.check(ctx, NetworkLimits.ADDRESS_CHANGE);
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        Optional<String> code = body.optionalString("code", 16);
        body.done();
        AccountId account = Guard.account(ctx);
        EmailAddress address = AuthRoutes.email(email);
        RectifyEmail.Outcome outcome = code.isPresent()
                ? rectify.confirm(new RectifyEmail.Confirm(
                        account,
                        address,
                        code.get().strip(),
                        cookies.session(ctx).orElseThrow()))
                : rectify.start(new RectifyEmail.Start(account, address));
        switch (outcome) {
            case RectifyEmail.Outcome.CodeSent sent ->
                Json.respond(
                        ctx,
                        202,
                        Views.ordered(
                                "status",
                                "code-sent",
                                "detail",
                                "We sent a code to the new address; enter it to confirm the change."));
            case RectifyEmail.Outcome.Changed changed ->
                Json.respond(
                        ctx,
                        200,
                        Views.ordered(
                                "status",
                                "changed",
                                "email",
                                changed.email().value(),
                                "otherSessionsEnded",
                                changed.sessionsEnded()));
            case RectifyEmail.Outcome.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    /** R7: one request, no confirmation dance; it takes effect at once. */
    private void withdraw(Context ctx) {
        JsonObject body = Json.optionalObject(ctx);
        Optional<String> language = body.optionalString("language", 8);
        body.done();
        Language lang =
                OrderRoutes.value("language", () -> language.map(Language::of).orElse(Language.ENGLISH));
        WithdrawConsent.Outcome outcome = withdraw.handle(new WithdrawConsent.Command(Guard.account(ctx), lang));
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "withdrawn",
                        true,
                        "ordersStopped",
                        outcome.ordersStopped().stream().map(Object::toString).toList(),
                        "selfiesDueForDeletion",
                        outcome.selfiesDueForDeletion(),
                        "modelDeletionsRequested",
                        outcome.modelDeletionsRequested()));
    }

    /** R27: accepted at once (202); the request shows its progress and due date under /api/me/requests. */
    private void erase(Context ctx) {
        AccountId account = Guard.account(ctx);
        EraseAccount.Accepted accepted = erase.erase(account);
        Optional<PrivacyRequest> request = erase.requests(account).stream()
                .filter(r -> r.id().equals(accepted.request()))
                .findFirst();
        cookies.endSession(ctx);
        ctx.header("Location", "/api/me/requests");
        Json.respond(
                ctx,
                202,
                Views.ordered(
                        "request",
                        accepted.request().toString(),
                        "status",
                        request.map(r -> Views.name(r.status())).orElse("received"),
                        "dueOn",
                        request.map(r -> r.dueOn().toString()).orElse(null)));
    }

    private void requests(Context ctx) {
        List<PrivacyRequest> all = erase.requests(Guard.account(ctx));
        Json.respond(
                ctx,
                200,
                Views.ordered("requests", all.stream().map(Views::request).toList()));
    }

    private static final class CountingOut extends java.io.FilterOutputStream {
        long count;

        CountingOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class Unclosable extends java.io.FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // the archive stays open for its next entry
        }
    }
}
