package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.AuditorReports;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.function.Function;

/**
 * What a compliance auditor reads, with an auditor's bearer token: the rule catalogue, the audit log and
 * its chain verification (R46), the record of processing (R35), the retention schedule (R12), the request
 * log with deadlines (R20) and the consent proof of an account (R5, R6).
 */
@Implements({Rule.R5, Rule.R6, Rule.R12, Rule.R20, Rule.R35, Rule.R46})
record AuditRoutes(AuditorReports reports) {

    static final int MAX_PAGE = 1000;

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/audit/rules", this::rules, Access.AUDITOR);
        routes.get("/api/audit/events", this::events, Access.AUDITOR);
        routes.get("/api/audit/chain", this::chain, Access.AUDITOR);
        routes.get("/api/audit/checkpoints", this::checkpoints, Access.AUDITOR);
        routes.get("/api/audit/processing", this::processing, Access.AUDITOR);
        routes.get("/api/audit/retention", this::retention, Access.AUDITOR);
        routes.get("/api/audit/requests", this::requests, Access.AUDITOR);
        routes.get("/api/audit/accounts/{account}/consents", this::consents, Access.AUDITOR);
        routes.get("/api/audit/bundle", this::bundle, Access.AUDITOR);
    }

    private void rules(Context ctx) {
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "rules",
                        reports.rules().stream().map(AuditorViews::rule).toList()));
    }

    private void events(Context ctx) {
        long from = Params.number(ctx, "from", 1, 1, Long.MAX_VALUE);
        int limit = (int) Params.number(ctx, "limit", 100, 1, MAX_PAGE);
        page(ctx, "from", from, limit, "entries", reports.auditEntries(from, limit), AuditorViews::auditEntry);
    }

    private void chain(Context ctx) {
        Json.respond(ctx, 200, AuditorViews.verification(reports.verifyChain()));
    }

    private void processing(Context ctx) {
        Json.respond(ctx, 200, AuditorViews.recordOfProcessing(reports.recordOfProcessing()));
    }

    private void retention(Context ctx) {
        Json.respond(ctx, 200, Views.retention(reports.retentionSchedule()));
    }

    private void checkpoints(Context ctx) {
        int limit = (int) Params.number(ctx, "limit", 100, 1, MAX_PAGE);
        Json.respond(ctx, 200, AuditorViews.anchors(reports.anchors(limit)));
    }

    private void requests(Context ctx) {
        int offset = (int) Params.number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = (int) Params.number(ctx, "limit", 100, 1, MAX_PAGE);
        page(ctx, "offset", offset, limit, "requests", reports.requestLog(offset, limit), AuditorViews::requestLine);
    }

    /** R50: the offline bundle as a download; {@code kaptura audit verify --bundle FILE} checks it anywhere. */
    private void bundle(Context ctx) throws java.io.IOException {
        String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        ctx.header("Content-Disposition", "attachment; filename=\"kaptura-audit-" + day + ".zip\"");
        ctx.header("Cache-Control", "no-store");
        ctx.status(200).contentType("application/zip");
        try (java.io.OutputStream out = ctx.outputStream()) {
            reports.bundle(out);
        }
    }

    private void consents(Context ctx) {
        AccountId account = Params.id(ctx, "account", AccountId::new, "account");
        Json.respond(ctx, 200, AuditorViews.consentProof(reports.consentProof(account)));
    }

    /** Answers one page: where it starts (named {@code startName}), its limit, and its items as {@code view} shows them. */
    private static <T> void page(
            Context ctx,
            String startName,
            Object start,
            int limit,
            String itemsName,
            List<T> items,
            Function<T, ?> view) {
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        startName,
                        start,
                        "limit",
                        limit,
                        itemsName,
                        items.stream().map(view).toList()));
    }
}
