package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.ports.in.UploadSelfie;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.security.RouteRole;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Authorisation, swept over the router's own route table ({@link HttpAdapter#routeTable()}, the registry
 * {@link OpenApiTest} holds against the documentation), so a route is swept the moment it is registered.
 *
 * <p>Two people hold data behind the fakes: the first ("Ada") an order with a selfie, a headshot and a privacy
 * request; the second ("Bob") the same of his own. On every route, with Ada's ids substituted into every path
 * parameter (alone and mixed with Bob's), Bob gets 401, 403 or 404, answered exactly as for an id that never
 * existed, and no answer to anyone but Ada holds any of her ids, her address or her tokens (R37). Routes open
 * without a session are listed in {@link #OPEN}, each with its reason; a route that is neither listed nor
 * protected fails the build.
 */
@Tag("R37")
class AuthorisationSweepTest {

    /** Why a route may be called without a person's session or an auditor's token. */
    record Open(Access access, String reason) {}

    private static final String SHELL =
            "a static page shell, the same bytes for everyone; its script asks the PERSON routes for the data";

    /** Every route open without a session or auditor token, each with the reason it may be. */
    static final Map<String, Open> OPEN = Map.ofEntries(
            Map.entry("GET /", new Open(Access.ANYONE, "the home page: static HTML")),
            Map.entry("GET /sign-in", new Open(Access.ANYONE, "the sign-in page: static HTML")),
            Map.entry("GET /orders", new Open(Access.ANYONE, SHELL)),
            Map.entry("GET /orders/{id}", new Open(Access.ANYONE, SHELL)),
            Map.entry("GET /orders/{id}/checkout", new Open(Access.ANYONE, SHELL)),
            Map.entry("GET /orders/{id}/gallery", new Open(Access.ANYONE, SHELL)),
            Map.entry(
                    "GET /privacy",
                    new Open(Access.ANYONE, "the privacy page: static HTML, its data comes from the API")),
            Map.entry(
                    "POST /api/auth/start",
                    new Open(
                            Access.ANYONE,
                            "signing in starts here; it answers the same whether or not the address has an account")),
            Map.entry("POST /api/auth/verify", new Open(Access.ANYONE, "exchanges the emailed code for a session")),
            Map.entry(
                    "GET /auth/link",
                    new Open(
                            Access.ANYONE,
                            "the emailed sign-in link's page: one button, static HTML; opening it signs nobody in (R47)")),
            Map.entry(
                    "POST /api/auth/link",
                    new Open(
                            Access.ANYONE,
                            "the link page's button: the single-use token, this site's"
                                    + " origin, the page's CSRF token and, where a browser asked, that browser's nonce are the credential (R47)")),
            Map.entry("GET /api/plans", new Open(Access.ANYONE, "the price list")),
            Map.entry(
                    "GET /api/privacy/policy",
                    new Open(Access.ANYONE, "the policy and its retention schedule are public (R12)")),
            Map.entry(
                    "GET /api/config",
                    new Open(Access.ANYONE, "the page's settings: analytics id and upload limits, nothing personal")),
            Map.entry(
                    "GET /api/cookies",
                    new Open(
                            Access.ANYONE,
                            "the visitor's own cookie choice, found by their own essential cookie, before any sign-in (R41)")),
            Map.entry(
                    "POST /api/cookies",
                    new Open(Access.ANYONE, "records a visitor's cookie choice before any sign-in (R40, R41)")),
            Map.entry(
                    "POST /webhooks/payments",
                    new Open(
                            Access.VENDOR,
                            "the payment processor's events: the vendor adapter verifies the signature over the raw body")),
            Map.entry(
                    "POST /webhooks/generator/{token}",
                    new Open(
                            Access.VENDOR,
                            "the generator's callbacks: the signed single-purpose token in the address is the credential (R37)")),
            Map.entry(
                    "GET /sandbox/checkout/{ref}",
                    new Open(
                            Access.ANYONE,
                            "the sandbox's stand-in for the processor's hosted payment page (KAPTURA_PAYMENTS=sandbox only); "
                                    + "the unguessable reference is the credential")),
            Map.entry(
                    "POST /sandbox/checkout/{ref}/pay",
                    new Open(Access.ANYONE, "the sandbox payment page's button; paying proves nothing by itself")),
            Map.entry(
                    "POST /sandbox/checkout/{ref}/cancel",
                    new Open(Access.ANYONE, "the sandbox payment page's cancel button")),
            Map.entry("GET /health/live", new Open(Access.ANYONE, "the orchestrator's liveness probe")),
            Map.entry("GET /health/ready", new Open(Access.ANYONE, "the orchestrator's readiness probe")),
            Map.entry("GET /api/openapi.json", new Open(Access.ANYONE, "the API's public description")),
            Map.entry(
                    "GET /operator",
                    new Open(Access.ANYONE, "the operator desk's page shell; its script asks the OPERATOR routes")),
            Map.entry(
                    "POST /api/operator/auth/start",
                    new Open(
                            Access.ANYONE,
                            "an operator's sign-in starts here; a code goes only to a listed address, the answer is the"
                                    + " same for any (R50)")),
            Map.entry(
                    "POST /api/operator/auth/verify",
                    new Open(Access.ANYONE, "exchanges an operator's emailed code for an operator's session (R50)")));

    private static final Set<Integer> REFUSED = Set.of(401, 403, 404);

    private static Server server;
    private static Person ada;
    private static Person bob;

    @BeforeAll
    static void start() {
        server = new Server();
        ada = Person.of(server, "ada.lovelace-sweep@example.org");
        bob = Person.of(server, "bob.intruder-sweep@example.org");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- the route table itself ---------------------------------------------------------------------

    /** Every way the route table and the open list disagree; empty when each route is protected or listed. */
    static List<String> unaccounted(List<RegisteredRoute> table, Map<String, Open> open) {
        List<String> problems = new ArrayList<>();
        Set<String> registered = new HashSet<>();
        for (RegisteredRoute route : table) {
            registered.add(route.key());
            Set<RouteRole> roles = route.roles();
            if (roles.size() != 1 || !(roles.iterator().next() instanceof Access access)) {
                problems.add(route.key() + " is registered with " + roles + ", not with exactly one Access");
                continue;
            }
            Open listed = open.get(route.key());
            switch (access) {
                case PERSON, OPERATOR, AUDITOR, METRICS -> {
                    if (listed != null) {
                        problems.add(route.key() + " is " + access + " but listed as open (" + listed.reason() + ")");
                    }
                }
                case ANYONE, VENDOR -> {
                    if (listed == null) {
                        problems.add(route.key() + " is open to " + access + " but not listed as open with a reason");
                    } else if (listed.access() != access) {
                        problems.add(route.key() + " is open to " + access + " but listed as " + listed.access());
                    }
                }
            }
        }
        open.keySet().stream()
                .filter(key -> !registered.contains(key))
                .sorted()
                .forEach(key -> problems.add(key + " is listed as open but no such route is registered"));
        return problems;
    }

    @Test
    void every_route_is_either_protected_or_listed_as_open_with_a_reason() {
        List<RegisteredRoute> table = server.adapter.routeTable();

        assertThat(table).as("the route table").hasSizeGreaterThan(40);
        assertThat(unaccounted(table, OPEN)).isEmpty();
        assertThat(OPEN.values()).allSatisfy(open -> assertThat(open.reason()).hasSizeGreaterThan(10));
    }

    @Test
    void a_route_without_exactly_one_role_or_open_without_a_reason_is_caught() {
        List<RegisteredRoute> table = List.of(
                new RegisteredRoute("GET", "/api/forgotten", Set.of()),
                new RegisteredRoute("GET", "/api/confused", Set.of(Access.PERSON, Access.ANYONE)),
                new RegisteredRoute("GET", "/api/quietly-open", Set.of(Access.ANYONE)),
                new RegisteredRoute("GET", "/api/plans", Set.of(Access.PERSON)),
                new RegisteredRoute("POST", "/webhooks/payments", Set.of(Access.ANYONE)));

        List<String> problems = unaccounted(table, OPEN);

        assertThat(problems)
                .anyMatch(p -> p.startsWith("GET /api/forgotten is registered with []"))
                .anyMatch(p -> p.startsWith("GET /api/confused is registered with"))
                .anyMatch(p -> p.startsWith("GET /api/quietly-open is open to ANYONE but not listed"))
                .anyMatch(p -> p.startsWith("GET /api/plans is PERSON but listed as open"))
                .anyMatch(p -> p.startsWith("POST /webhooks/payments is open to ANYONE but listed as VENDOR"))
                .anyMatch(p -> p.startsWith("GET /health/live is listed as open but no such route is registered"));
    }

    @Test
    void the_documented_security_of_every_operation_is_its_routes_role() throws IOException {
        JsonNode paths = Json.MAPPER
                .readTree(OpsRoutes.resource(OpsRoutes.OPENAPI_RESOURCE))
                .get("paths");
        List<String> mismatches = new ArrayList<>();
        for (RegisteredRoute route : server.adapter.routeTable()) {
            JsonNode operation = paths.path(route.path()).path(route.method().toLowerCase(java.util.Locale.ROOT));
            List<JsonNode> requirements = StreamSupport.stream(
                            operation.path("security").spliterator(), false)
                    .toList();
            boolean anonymousAllowed =
                    requirements.isEmpty() || requirements.stream().anyMatch(JsonNode::isEmpty);
            Access access = (Access) route.roles().iterator().next();
            boolean matches = switch (access) {
                case PERSON -> !anonymousAllowed && requirements.stream().allMatch(r -> r.has("session"));
                case OPERATOR -> !anonymousAllowed && requirements.stream().allMatch(r -> r.has("operator"));
                case AUDITOR -> !anonymousAllowed && requirements.stream().allMatch(r -> r.has("auditor"));
                case METRICS -> !anonymousAllowed && requirements.stream().allMatch(r -> r.has("metrics"));
                case ANYONE, VENDOR -> anonymousAllowed;
            };
            if (!matches) {
                mismatches.add(
                        route.key() + " is " + access + " but documented with security " + operation.path("security"));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    // ---- the sweep ------------------------------------------------------------------------------------

    @Test
    void without_a_session_every_persons_route_and_every_audit_route_is_unauthorized() {
        Sweep sweep = new Sweep(server, ada, bob);

        List<String> violations = sweep.anonymous();

        assertThat(violations).isEmpty();
        assertThat(sweep.sent).as("requests sent").isGreaterThan(40);
    }

    @Test
    void a_persons_session_opens_no_audit_route_and_an_auditors_token_no_persons_route() {
        Sweep sweep = new Sweep(server, ada, bob);

        assertThat(sweep.personOnAuditRoutes()).isEmpty();
        assertThat(sweep.auditorOnPersonRoutes()).isEmpty();
    }

    @Test
    @Tag("R50")
    void a_persons_session_opens_no_operator_route_and_an_operators_session_no_persons_route() {
        Sweep sweep = new Sweep(server, ada, bob);

        assertThat(sweep.rolesApart()).isEmpty();
        assertThat(sweep.sent).as("requests sent").isGreaterThan(60);
    }

    @Test
    void another_signed_in_person_gets_nothing_of_the_first_persons_on_any_route_and_changes_nothing_of_hers() {
        Sweep sweep = new Sweep(server, ada, bob);
        int requestsBefore = server.fakes.privacy.requests(ada.account()).size();

        List<String> violations = sweep.anotherPerson();

        assertThat(violations).isEmpty();
        assertThat(sweep.sent).as("requests sent").isGreaterThan(200);
        // What Bob sent did nothing to Ada's data.
        Order hers = server.fakes.orders.orders.get(ada.order().id());
        assertThat(hers.liveSelfies()).extracting(Selfie::id).contains(ada.selfie());
        assertThat(server.fakes.orders.removed).doesNotContain(ada.selfie());
        assertThat(server.fakes.orders.checkouts)
                .noneMatch(
                        c -> c.order().equals(ada.order().id()) || c.account().equals(ada.account()));
        assertThat(server.fakes.privacy.withdrawals).noneMatch(w -> w.account().equals(ada.account()));
        assertThat(server.fakes.privacy.requests(ada.account())).hasSize(requestsBefore);
        assertThat(server.fakes.signIn.authenticate(ada.session().token())).hasValue(ada.account());
    }

    @Test
    void the_first_persons_ids_are_real_addresses_for_her_on_every_reading_route() {
        Sweep sweep = new Sweep(server, ada, bob);

        List<String> unreachable = sweep.ownerReadsHerOwn();

        assertThat(unreachable).isEmpty();
        assertThat(sweep.sent).as("requests sent").isGreaterThanOrEqualTo(4);
    }

    @Test
    void the_sweep_catches_use_cases_that_ignore_the_owner() {
        try (Server careless = new Server()) {
            Person first = Person.of(careless, "ada.lovelace-careless@example.org");
            Person second = Person.of(careless, "bob.intruder-careless@example.org");
            careless.fakes.orders.ignoreOwner = true;
            careless.fakes.privacy.ignoreOwner = true;

            List<String> violations = new Sweep(careless, first, second).anotherPerson();

            assertThat(violations)
                    .anyMatch(v -> v.contains("GET /api/headshots/{id}") && v.contains("2xx"))
                    .anyMatch(v -> v.contains("GET /api/orders ")
                            && v.contains(first.order().id().toString()))
                    .anyMatch(v -> v.contains("GET /api/me/requests ")
                            && v.contains(first.request().value().toString()))
                    .anyMatch(v -> v.contains("POST /api/me/export ")
                            && v.contains(first.account().value().toString()));
        }
    }

    // ---- the people ------------------------------------------------------------------------------------

    /** A signed-in person with one of everything. */
    record Person(
            String email,
            AccountId account,
            Order order,
            SelfieId selfie,
            HeadshotId headshot,
            PrivacyRequestId request,
            Server.Session session) {

        static Person of(Server server, String email) {
            Fakes fakes = server.fakes;
            Server.Session session = server.signIn(email);
            AccountId account = fakes.signIn.authenticate(session.token()).orElseThrow();
            Order draft = fakes.orders.draftFor(account);
            UploadSelfie.Outcome uploaded = fakes.orders.upload(
                    new UploadSelfie.Upload(account, draft.id(), new ByteArrayInputStream(Fakes.JPEG)));
            SelfieId selfie = ((UploadSelfie.Outcome.Uploaded) uploaded).selfie();
            Order order = fakes.orders.orders.get(draft.id());
            HeadshotId headshot = fakes.orders.deliverHeadshot(order).id();
            PrivacyRequestId request = fakes.privacy.export(account).request();
            return new Person(email, account, order, selfie, headshot, request, session);
        }

        /** Every id of theirs that could go into a path. */
        List<String> ids() {
            return List.of(
                    account.value().toString(),
                    order.id().value().toString(),
                    selfie.value().toString(),
                    headshot.value().toString(),
                    request.value().toString());
        }

        /** What must never reach anyone else: the ids, the address (and its local part) and the tokens. */
        List<String> markers() {
            List<String> markers = new ArrayList<>(ids());
            markers.add(email);
            markers.add(email.substring(0, email.indexOf('@')));
            markers.add(session.token());
            markers.add(session.csrf());
            return markers;
        }
    }

    // ---- how the sweep goes -----------------------------------------------------------------------------

    /** Requests generated from the route table, and the rules each answer is held to. */
    static final class Sweep {

        private final Server server;
        private final Person owner;
        private final Person other;
        private final RawHttp http;
        private final AtomicLong fresh = new AtomicLong();
        int sent;

        Sweep(Server server, Person owner, Person other) {
            this.server = server;
            this.owner = owner;
            this.other = other;
            this.http = new RawHttp(server.adapter.port());
        }

        private enum Caller {
            ANONYMOUS,
            OTHER,
            OWNER,
            AUDITOR,
            OPERATOR
        }

        private static Access access(RegisteredRoute route) {
            return (Access) route.roles().iterator().next();
        }

        /** Every assignment of ids to the path's parameters that holds at least one of the owner's. */
        private List<List<String>> substitutions(String path) {
            int n = RouteTemplates.params(path).size();
            List<List<String>> all = new ArrayList<>();
            all.add(List.of());
            List<String> pool = new ArrayList<>(owner.ids());
            pool.addAll(other.ids());
            for (int i = 0; i < n; i++) {
                List<List<String>> longer = new ArrayList<>();
                for (List<String> prefix : all) {
                    for (String id : pool) {
                        List<String> next = new ArrayList<>(prefix);
                        next.add(id);
                        longer.add(next);
                    }
                }
                all = longer;
            }
            return n == 0
                    ? all
                    : all.stream()
                            .filter(s -> s.stream().anyMatch(owner.ids()::contains))
                            .toList();
        }

        private RawHttp.Answer call(Caller caller, String method, String target) {
            RawHttp.Request request = new RawHttp.Request(method, target);
            switch (caller) {
                case ANONYMOUS -> {}
                case OTHER, OWNER -> {
                    // A new session each time: a sign-out or an erasure swept earlier must not end the sweep.
                    Server.Session session = server.signIn(caller == Caller.OTHER ? other.email() : owner.email());
                    request.header("Cookie", session.cookie()).header(Cookies.CSRF_HEADER, session.csrf());
                }
                case AUDITOR -> request.header("Authorization", "Bearer " + Server.AUDITOR_TOKEN);
                case OPERATOR -> {
                    Server.OperatorSession session = server.operatorSignIn();
                    request.header("Cookie", session.cookie()).header(Cookies.CSRF_HEADER, session.csrf());
                }
            }
            if (!Set.of("GET", "HEAD", "OPTIONS").contains(method)) {
                request.body("application/json", "{}");
            }
            sent++;
            return http.send(request);
        }

        /** The owner's markers an answer shows, but for those the caller sent in the address itself. */
        private List<String> leaked(RawHttp.Answer answer, String target) {
            StringBuilder seen = new StringBuilder(answer.text());
            answer.headers()
                    .forEach((name, values) ->
                            seen.append('\n').append(name).append(": ").append(String.join(", ", values)));
            if (answer.contentType().startsWith("application/zip")) {
                seen.append('\n').append(unzipped(answer.body()));
            }
            return owner.markers().stream()
                    .filter(m -> !target.contains(m) && seen.indexOf(m) >= 0)
                    .toList();
        }

        private List<String> common(String label, RawHttp.Answer answer, String target) {
            List<String> problems = new ArrayList<>();
            if (answer.status() >= 500) {
                problems.add(label + ": " + answer.status() + " " + answer);
            }
            List<String> leaked = leaked(answer, target);
            if (!leaked.isEmpty()) {
                problems.add(label + ": the answer shows the first person's " + leaked + " — " + answer);
            }
            return problems;
        }

        private static String label(Caller caller, RegisteredRoute route, String target) {
            return caller + " " + route.key() + " (" + target + ")";
        }

        private List<RegisteredRoute> routes(Access... accesses) {
            Set<Access> wanted = Set.of(accesses);
            return server.adapter.routeTable().stream()
                    .filter(r -> wanted.contains(access(r)))
                    .toList();
        }

        /** No session, no token: every PERSON, AUDITOR and METRICS route is a 401 problem; open routes leak nothing. */
        List<String> anonymous() {
            List<String> violations = new ArrayList<>();
            for (RegisteredRoute route : server.adapter.routeTable()) {
                for (List<String> values : substitutions(route.path())) {
                    String target = RouteTemplates.fill(route.path(), values);
                    RawHttp.Answer answer = call(Caller.ANONYMOUS, route.method(), target);
                    String label = label(Caller.ANONYMOUS, route, target);
                    violations.addAll(common(label, answer, target));
                    Access access = access(route);
                    if ((access == Access.PERSON
                                    || access == Access.OPERATOR
                                    || access == Access.AUDITOR
                                    || access == Access.METRICS)
                            && !(answer.status() == 401 && isProblem(answer, "unauthorized"))) {
                        violations.add(label + ": expected a 401 unauthorized problem, got " + answer);
                    }
                }
            }
            return violations;
        }

        /** Another person's session on an AUDITOR or METRICS route: 401 or 403, nothing else. */
        List<String> personOnAuditRoutes() {
            List<String> violations = new ArrayList<>();
            for (RegisteredRoute route : routes(Access.AUDITOR, Access.METRICS)) {
                for (List<String> values : substitutions(route.path())) {
                    String target = RouteTemplates.fill(route.path(), values);
                    RawHttp.Answer answer = call(Caller.OTHER, route.method(), target);
                    String label = label(Caller.OTHER, route, target);
                    violations.addAll(common(label, answer, target));
                    if (!(answer.status() == 401 || answer.status() == 403) || !answer.isProblem()) {
                        violations.add(label + ": expected a 401 or 403 problem, got " + answer);
                    }
                }
            }
            return violations;
        }

        /**
         * The roles stay apart (R50): a person's session, the person's own included, and an auditor's token open no
         * OPERATOR route (401); an operator's session opens no PERSON route (401) and no AUDITOR or METRICS route.
         */
        List<String> rolesApart() {
            List<String> violations = new ArrayList<>();
            for (RegisteredRoute route : routes(Access.OPERATOR)) {
                for (List<String> values : substitutions(route.path())) {
                    String target = RouteTemplates.fill(route.path(), values);
                    for (Caller caller : List.of(Caller.OWNER, Caller.OTHER, Caller.AUDITOR)) {
                        RawHttp.Answer answer = call(caller, route.method(), target);
                        String label = label(caller, route, target);
                        violations.addAll(common(label, answer, target));
                        if (!(answer.status() == 401 && isProblem(answer, "unauthorized"))) {
                            violations.add(label + ": expected a 401 unauthorized problem, got " + answer);
                        }
                    }
                }
            }
            for (RegisteredRoute route : routes(Access.PERSON, Access.AUDITOR, Access.METRICS)) {
                for (List<String> values : substitutions(route.path())) {
                    String target = RouteTemplates.fill(route.path(), values);
                    RawHttp.Answer answer = call(Caller.OPERATOR, route.method(), target);
                    String label = label(Caller.OPERATOR, route, target);
                    if (!(answer.status() == 401 || answer.status() == 403) || !answer.isProblem()) {
                        violations.add(label + ": expected a 401 or 403 problem, got " + answer);
                    }
                }
            }
            return violations;
        }

        /** An auditor's token is not a person's session: every PERSON route is a 401. */
        List<String> auditorOnPersonRoutes() {
            List<String> violations = new ArrayList<>();
            for (RegisteredRoute route : routes(Access.PERSON)) {
                for (List<String> values : substitutions(route.path())) {
                    String target = RouteTemplates.fill(route.path(), values);
                    RawHttp.Answer answer = call(Caller.AUDITOR, route.method(), target);
                    String label = label(Caller.AUDITOR, route, target);
                    if (!(answer.status() == 401 && isProblem(answer, "unauthorized"))) {
                        violations.add(label + ": expected a 401 unauthorized problem, got " + answer);
                    }
                }
            }
            return violations;
        }

        /**
         * The other person on every route: with the owner's ids in the address, PERSON routes refuse (401, 403,
         * 404) exactly as for ids that never existed; without ids they answer about the caller alone; no answer
         * shows anything of the owner's.
         */
        List<String> anotherPerson() {
            List<String> violations = new ArrayList<>();
            for (RegisteredRoute route : server.adapter.routeTable()) {
                boolean personal = access(route) == Access.PERSON;
                for (List<String> values : substitutions(route.path())) {
                    String target = RouteTemplates.fill(route.path(), values);
                    RawHttp.Answer answer = call(Caller.OTHER, route.method(), target);
                    String label = label(Caller.OTHER, route, target);
                    violations.addAll(common(label, answer, target));
                    if (!personal || values.isEmpty()) {
                        continue;
                    }
                    if (!REFUSED.contains(answer.status()) || !answer.isProblem()) {
                        violations.add(label + ": " + (answer.status() / 100 == 2 ? "a 2xx" : "a " + answer.status())
                                + " on the first person's resource, expected a 401, 403 or 404 problem: " + answer);
                        continue;
                    }
                    Map<String, String> renamed = new HashMap<>();
                    List<String> never = values.stream()
                            .map(v -> owner.ids().contains(v) ? renamed.computeIfAbsent(v, k -> neverIssued()) : v)
                            .toList();
                    String twinTarget = RouteTemplates.fill(route.path(), never);
                    RawHttp.Answer twin = call(Caller.OTHER, route.method(), twinTarget);
                    if (twin.status() != answer.status()
                            || !masked(answer.text(), values).equals(masked(twin.text(), never))) {
                        violations.add(label
                                + ": answers differently than for ids that never existed, so it tells that they do: "
                                + answer + " versus " + twin);
                    }
                }
            }
            return violations;
        }

        /** Positive control: on every reading PERSON route with ids, some of the owner's own ids answer 2xx to her. */
        List<String> ownerReadsHerOwn() {
            List<String> unreachable = new ArrayList<>();
            for (RegisteredRoute route : routes(Access.PERSON)) {
                if (!route.method().equals("GET")
                        || RouteTemplates.params(route.path()).isEmpty()) {
                    continue;
                }
                boolean reached = false;
                for (List<String> values : substitutions(route.path())) {
                    if (!owner.ids().containsAll(values)) {
                        continue;
                    }
                    String target = RouteTemplates.fill(route.path(), values);
                    if (call(Caller.OWNER, route.method(), target).status() / 100 == 2) {
                        reached = true;
                        break;
                    }
                }
                if (!reached) {
                    unreachable.add(route.key()
                            + ": none of the first person's ids answers 2xx to her, so the sweep proves nothing there");
                }
            }
            return unreachable;
        }

        private String neverIssued() {
            return new UUID(0x7e57L, fresh.incrementAndGet()).toString();
        }

        private static String masked(String text, List<String> values) {
            String out = text;
            for (int i = 0; i < values.size(); i++) {
                out = out.replace(values.get(i), "{" + i + "}");
            }
            return out;
        }

        private static boolean isProblem(RawHttp.Answer answer, String slug) {
            return answer.isProblem() && answer.text().contains("\"type\":\"" + Problem.TYPE_BASE + slug + "\"");
        }

        private static String unzipped(byte[] zip) {
            StringBuilder text = new StringBuilder();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                ZipEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    text.append(entry.getName())
                            .append('\n')
                            .append(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("An application/zip answer is not a ZIP", e);
            }
            return text.toString();
        }
    }
}
