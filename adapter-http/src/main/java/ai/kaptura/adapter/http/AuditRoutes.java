package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.AuditorReports;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * What a compliance auditor reads, with an auditor's bearer token: the rule catalogue, the audit log and
 * its chain verification (R46), the record of processing (R35), the retention schedule (R12), the request
 * log with deadlines (R20) and the consent proof of an account (R5, R6).
 */
@Implements({Rule.R5, Rule.R6, Rule.R12, Rule.R20, Rule.R35, Rule.R46})
final class AuditRoutes {

    static final int MAX_PAGE = 1000;

    private final AuditorReports reports;

    AuditRoutes(AuditorReports reports) {
        this.reports = reports;
    }

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/audit/rules", this::rules, Access.AUDITOR);
        routes.get("/api/audit/events", this::events, Access.AUDITOR);
        routes.get("/api/audit/chain", this::chain, Access.AUDITOR);
        routes.get("/api/audit/processing", this::processing, Access.AUDITOR);
        routes.get("/api/audit/retention", this::retention, Access.AUDITOR);
        routes.get("/api/audit/requests", this::requests, Access.AUDITOR);
        routes.get("/api/audit/accounts/{account}/consents", this::consents, Access.AUDITOR);
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
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "from",
                        from,
                        "limit",
                        limit,
                        "entries",
                        reports.auditEntries(from, limit).stream()
                                .map(AuditorViews::auditEntry)
                                .toList()));
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

    private void requests(Context ctx) {
        int offset = (int) Params.number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = (int) Params.number(ctx, "limit", 100, 1, MAX_PAGE);
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "offset",
                        offset,
                        "limit",
                        limit,
                        "requests",
                        reports.requestLog(offset, limit).stream()
                                .map(AuditorViews::requestLine)
                                .toList()));
    }

    private void consents(Context ctx) {
        AccountId account = Params.id(ctx, "account", AccountId::new, "account");
        Json.respond(ctx, 200, AuditorViews.consentProof(reports.consentProof(account)));
    }
}
