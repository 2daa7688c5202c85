package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bad input over real HTTP, generated from the router's route table and the OpenAPI document (which
 * {@link OpenApiTest} holds to the same routes), so a new route is covered as soon as it is registered and
 * documented: malformed JSON, bodies that are not objects, members of the wrong type, unknown members, huge
 * bodies, the wrong Content-Type, traversal and non-ids in path parameters, bad numbers in the query, and
 * requests that are not valid HTTP at all.
 *
 * <p>Every such request is refused with a 4xx: from the JSON API an {@code application/problem+json} document
 * whose {@code type} is a stable {@code https://kaptura.ai/problems/<slug>} (the slug each kind of input
 * expects is asserted), never a 5xx, and never a stack trace or a class name in the body. The routes that answer
 * a browser instead of a JSON client are listed in {@link #BROWSER} with their reason.
 */
class BadInputTest {

    /** Routes a browser lands on: they answer HTML pages or redirects, not problem documents. */
    static final Map<String, String> BROWSER = Map.ofEntries(
            Map.entry("GET /", "the home page"),
            Map.entry("GET /sign-in", "the sign-in page"),
            Map.entry("GET /orders", "the orders page"),
            Map.entry("GET /orders/{id}", "a static page shell; its script reads the id and asks the API"),
            Map.entry("GET /orders/{id}/checkout", "a static page shell; its script reads the id and asks the API"),
            Map.entry("GET /orders/{id}/gallery", "a static page shell; its script reads the id and asks the API"),
            Map.entry("GET /privacy", "the privacy page"),
            Map.entry(
                    "GET /auth/link",
                    "the emailed link's page: it reads nothing of the request; its button's POST is checked"),
            Map.entry("GET /sandbox/checkout/{ref}", "the sandbox payment page"),
            Map.entry("POST /sandbox/checkout/{ref}/pay", "the sandbox payment page's HTML form"),
            Map.entry("POST /sandbox/checkout/{ref}/cancel", "the sandbox payment page's HTML form"));

    /** State-changing routes that take no body at all. */
    static final Map<String, String> BODYLESS = Map.of(
            "POST /api/auth/logout", "signing out needs the session and nothing else",
            "POST /api/auth/logout-everywhere", "signing out everywhere needs the session and nothing else",
            "POST /api/me/export",
                    "the export needs the session and nothing else (the privacy page's form sends only its CSRF field)",
            "POST /api/operator/auth/logout", "an operator's sign-out needs the operator's session and nothing else",
            "POST /api/operator/code", "a fresh code goes to the signed-in operator's own address: nothing to say");

    /** Routes whose body goes unread to the use case, whose vendor adapter verifies it: only its size is ours. */
    static final Map<String, String> RAW_BODY = Map.of(
            "POST /webhooks/payments", "the processor's signed event: verified and decoded by the payment adapter",
            "POST /webhooks/generator/{token}",
                    "the generator's callback: verified and decoded by the generator adapter");

    /** Package-qualified class names, exception names, stack frames, and the libraries' own words. */
    static final Pattern INTERNALS = Pattern.compile(
            "\\b(?:java|javax|jakarta|kotlin|sun|jdk|org\\.eclipse|io\\.javalin|com\\.fasterxml|ai\\.kaptura)\\.[A-Za-z_$][\\w.$]*"
                    + "|\\b\\w+(?:Exception|Error|Throwable)\\b|\\tat |\\bat [\\w.$]+\\(\\w+\\.java:\\d+\\)"
                    + "|StreamReadConstraints|StreamReadFeature|JsonParser|Jackson|Jetty|Javalin|badMessage");

    private static final Pattern STABLE_TYPE =
            Pattern.compile(Pattern.quote(Problem.TYPE_BASE) + "[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final long HUGE = 20L * 1024 * 1024;

    private static Server server;
    private static AuthorisationSweepTest.Person bob;
    private static JsonNode openApi;
    private static RawHttp http;

    @BeforeAll
    static void start() throws IOException {
        server = new Server();
        bob = AuthorisationSweepTest.Person.of(server, "bob.bad-input@example.org");
        openApi = Json.MAPPER.readTree(OpsRoutes.resource(OpsRoutes.OPENAPI_RESOURCE));
        http = new RawHttp(server.adapter.port());
        // The vendor adapters refuse bytes they cannot verify; the stand-in does the same here.
        server.fakes.events.answer = "rejected";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- what each route is ---------------------------------------------------------------------------

    private static List<RegisteredRoute> routes() {
        return server.adapter.routeTable();
    }

    private static Access access(RegisteredRoute route) {
        return (Access) route.roles().iterator().next();
    }

    private static JsonNode operation(RegisteredRoute route) {
        return openApi.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
    }

    /** The documented body schema of {@code mediaType}, references resolved, if the route takes one. */
    private static Optional<JsonNode> bodySchema(RegisteredRoute route, String mediaType) {
        JsonNode schema = operation(route)
                .path("requestBody")
                .path("content")
                .path(mediaType)
                .path("schema");
        return schema.isMissingNode() ? Optional.empty() : Optional.of(resolve(schema));
    }

    private static JsonNode resolve(JsonNode schema) {
        return schema.has("$ref") ? openApi.at(schema.get("$ref").asText().substring(1)) : schema;
    }

    private static boolean bodyRequired(RegisteredRoute route) {
        return operation(route).path("requestBody").path("required").asBoolean(true);
    }

    private static List<RegisteredRoute> jsonRoutes() {
        return routes().stream()
                .filter(r -> !RAW_BODY.containsKey(r.key())
                        && bodySchema(r, "application/json").isPresent())
                .toList();
    }

    private static List<RegisteredRoute> bodyRoutes() {
        return routes().stream()
                .filter(r -> !BROWSER.containsKey(r.key()) && operation(r).has("requestBody"))
                .toList();
    }

    /** A value for each path parameter that reaches the handler (the caller's own order, selfie, headshot). */
    private static String valid(RegisteredRoute route, String param) {
        return switch (param) {
            case "id" ->
                route.path().startsWith("/api/headshots/")
                        ? bob.headshot().value().toString()
                        : route.path().startsWith("/api/operator/requests/")
                                ? OperatorFake.REQUEST.value().toString()
                                : bob.order().id().toString();
            case "selfieId" -> bob.selfie().value().toString();
            case "account" -> bob.account().value().toString();
            case "token" -> "callback-token";
            case "ref" -> "chk_1";
            default ->
                throw new AssertionError("No valid value is known for {" + param + "} of " + route.key()
                        + ": add one to BadInputTest.valid so its bad input is swept");
        };
    }

    private static String target(RegisteredRoute route) {
        return RouteTemplates.fill(
                route.path(),
                RouteTemplates.params(route.path()).stream()
                        .map(p -> valid(route, p))
                        .toList());
    }

    /** A request from whoever may call the route: a fresh session for PERSON, the bearer token for AUDITOR. */
    private static RawHttp.Request request(RegisteredRoute route, String target) {
        RawHttp.Request request = new RawHttp.Request(route.method(), target);
        switch (access(route)) {
            case PERSON -> {
                Server.Session session = server.signIn(bob.email());
                request.header("Cookie", session.cookie()).header(Cookies.CSRF_HEADER, session.csrf());
            }
            case OPERATOR -> {
                Server.OperatorSession session = server.operatorSignIn();
                request.header("Cookie", session.cookie()).header(Cookies.CSRF_HEADER, session.csrf());
            }
            case AUDITOR -> request.header("Authorization", "Bearer " + Server.AUDITOR_TOKEN);
            case ANYONE, VENDOR -> {}
        }
        return request;
    }

    // ---- how an answer is judged ------------------------------------------------------------------------

    /** What an answer must be: its status, the problem's slug (any stable one when {@code null}), a named field. */
    record Expect(Predicate<Integer> status, String describe, String slug, String field) {

        static Expect problem(int status, String slug) {
            return new Expect(s -> s == status, Integer.toString(status), slug, null);
        }

        static Expect field(String field) {
            return new Expect(s -> s == 400, "400", "validation", field);
        }

        /** A refusal whose reason is the use case's to name. */
        static Expect status(int status) {
            return new Expect(s -> s == status, Integer.toString(status), null, null);
        }

        static Expect anyRefusal() {
            return new Expect(s -> s >= 400 && s < 500, "4xx", null, null);
        }
    }

    private final List<String> failures = new ArrayList<>();
    private int checked;

    private RawHttp.Answer check(String what, RawHttp.Request request, Expect expect) {
        RawHttp.Answer answer = http.send(request);
        judge(what + " " + request, answer, expect);
        return answer;
    }

    private void judge(String what, RawHttp.Answer answer, Expect expect) {
        checked++;
        String text = answer.text();
        var internals = INTERNALS.matcher(text);
        if (internals.find()) {
            failures.add(what + ": the body shows '" + internals.group() + "': " + answer);
        }
        if (!expect.status().test(answer.status())) {
            failures.add(what + ": expected " + expect.describe() + ", got " + answer);
            return;
        }
        if (!"nosniff".equals(answer.header("X-Content-Type-Options"))) {
            failures.add(what + ": no security headers: " + answer.headers());
        }
        if (!answer.isProblem()) {
            failures.add(what + ": expected application/problem+json, got " + answer);
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(answer.body());
        } catch (IOException e) {
            failures.add(what + ": the problem is not JSON: " + answer);
            return;
        }
        String type = body.path("type").asText();
        if (!STABLE_TYPE.matcher(type).matches()
                || body.path("status").asInt() != answer.status()
                || body.path("title").asText().isBlank()
                || body.path("detail").asText().isBlank()) {
            failures.add(what + ": not a complete problem with a stable type: " + answer);
        } else if (expect.slug() != null && !type.equals(Problem.TYPE_BASE + expect.slug())) {
            failures.add(what + ": expected type " + expect.slug() + ", got " + answer);
        } else if (expect.field() != null
                && StreamSupport.stream(body.path("errors").spliterator(), false)
                        .noneMatch(e -> e.path("field").asText().equals(expect.field()))) {
            failures.add(what + ": the errors do not name '" + expect.field() + "': " + answer);
        }
    }

    private void assertNoFailures(int atLeast) {
        assertThat(failures).isEmpty();
        assertThat(checked).as("requests checked").isGreaterThanOrEqualTo(atLeast);
    }

    // ---- the route table is fully classified -------------------------------------------------------------

    @Test
    void every_route_that_changes_something_documents_its_body_or_is_listed_as_taking_none() {
        List<String> unclassified = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (RegisteredRoute route : routes()) {
            keys.add(route.key());
            boolean changes = Set.of("POST", "PUT", "PATCH").contains(route.method());
            if (changes && !operation(route).has("requestBody") && !BODYLESS.containsKey(route.key())) {
                unclassified.add(route.key()
                        + " changes something but documents no request body and is not listed as taking none");
            }
        }
        for (Map<String, String> list : List.of(BROWSER, BODYLESS, RAW_BODY)) {
            list.keySet().stream()
                    .filter(k -> !keys.contains(k))
                    .forEach(k -> unclassified.add(k + " is listed but not registered"));
        }

        assertThat(unclassified).isEmpty();
        assertThat(jsonRoutes()).as("routes with a JSON body").hasSizeGreaterThanOrEqualTo(8);
    }

    // ---- bodies --------------------------------------------------------------------------------------------

    private static final List<String> MALFORMED = List.of(
            "{",
            "}",
            "{\"a\":",
            "{'a':1}",
            "{a:1}",
            "{\"a\":1,}",
            "{\"a\":1}{\"b\":2}",
            "{\"a\":1,\"a\":2}",
            "{\"a\":NaN}",
            "{\"a\":01}",
            "/* a comment */ {}",
            "{\"a\":\"tab\there\"}",
            "[".repeat(200) + "]".repeat(200),
            "{\"a\":" + "9".repeat(200) + "}",
            "\u0000{}");

    @Test
    void malformed_json_is_a_malformed_json_problem_on_every_json_route() {
        for (RegisteredRoute route : jsonRoutes()) {
            for (String body : MALFORMED) {
                check(
                        "malformed",
                        request(route, target(route)).body("application/json", body),
                        Expect.problem(400, "malformed-json"));
            }
            check(
                    "invalid UTF-8",
                    request(route, target(route))
                            .body("application/json", new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'
                            }),
                    Expect.problem(400, "malformed-json"));
        }
        assertNoFailures(jsonRoutes().size() * (MALFORMED.size() + 1));
    }

    @Test
    void a_body_that_is_not_a_json_object_is_refused() {
        for (RegisteredRoute route : jsonRoutes()) {
            for (String body : List.of("[]", "[{}]", "\"text\"", "42", "-1.5e300", "null", "true")) {
                check(
                        "not an object",
                        request(route, target(route)).body("application/json", body),
                        Expect.problem(400, "malformed-json"));
            }
            if (bodyRequired(route)) {
                check(
                        "empty",
                        request(route, target(route)).body("application/json", ""),
                        Expect.problem(400, "malformed-json"));
            }
        }
        assertNoFailures(jsonRoutes().size() * 7);
    }

    /** A JSON value of another type than {@code schema} asks for. */
    private static String wrongValueFor(JsonNode schema) {
        return switch (schema.path("type").asText()) {
            case "boolean" -> "\"true\"";
            case "array" -> "\"one\"";
            case "object" -> "[\"one\"]";
            case "integer", "number" -> "\"1\"";
            default -> "12345";
        };
    }

    /** R4: among them the consents, which only a JSON {@code true} gives: never "true", 1 or null. */
    @Test
    @Tag("R4")
    void a_member_of_the_wrong_type_is_a_validation_problem_naming_it() {
        int members = 0;
        for (RegisteredRoute route : jsonRoutes()) {
            JsonNode schema = bodySchema(route, "application/json").orElseThrow();
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            schema.path("properties").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                JsonNode memberSchema = resolve(member.getValue());
                members++;
                check(
                        "wrong type",
                        request(route, target(route))
                                .body(
                                        "application/json",
                                        "{\"" + member.getKey() + "\":" + wrongValueFor(memberSchema) + "}"),
                        Expect.field(member.getKey()));
                if (requiredIn(schema, member.getKey())) {
                    check(
                            "null",
                            request(route, target(route))
                                    .body("application/json", "{\"" + member.getKey() + "\":null}"),
                            Expect.field(member.getKey()));
                }
                for (Iterator<Map.Entry<String, JsonNode>> nested =
                                memberSchema.path("properties").fields();
                        nested.hasNext(); ) {
                    Map.Entry<String, JsonNode> inner = nested.next();
                    check(
                            "wrong nested type",
                            request(route, target(route))
                                    .body(
                                            "application/json",
                                            "{\"" + member.getKey() + "\":{\"" + inner.getKey() + "\":"
                                                    + wrongValueFor(resolve(inner.getValue())) + "}}"),
                            Expect.field(member.getKey() + "." + inner.getKey()));
                }
            }
        }
        assertThat(members).as("documented members").isGreaterThanOrEqualTo(10);
        assertNoFailures(members);
    }

    private static boolean requiredIn(JsonNode schema, String member) {
        return StreamSupport.stream(schema.path("required").spliterator(), false)
                .anyMatch(n -> n.asText().equals(member));
    }

    @Test
    void an_unknown_member_is_a_validation_problem_naming_it() {
        for (RegisteredRoute route : jsonRoutes()) {
            check(
                    "unknown member",
                    request(route, target(route)).body("application/json", "{\"isAdmin\":true}"),
                    Expect.field("isAdmin"));
            JsonNode schema = bodySchema(route, "application/json").orElseThrow();
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            schema.path("properties").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (resolve(member.getValue()).path("type").asText().equals("object")) {
                    check(
                            "unknown nested member",
                            request(route, target(route))
                                    .body("application/json", "{\"" + member.getKey() + "\":{\"isAdmin\":true}}"),
                            Expect.field(member.getKey() + ".isAdmin"));
                }
            }
        }
        assertNoFailures(jsonRoutes().size());
    }

    /** The media type a route's body is sent as, and the start of a body of that type. */
    private static String[] bodyType(RegisteredRoute route) {
        if (bodySchema(route, "multipart/form-data").isPresent()) {
            return new String[] {
                "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            };
        }
        return new String[] {"application/json", "{\"email\":\""};
    }

    @Test
    void a_huge_body_is_refused_whether_its_length_is_declared_or_not() {
        for (RegisteredRoute route : bodyRoutes()) {
            String[] type = bodyType(route);
            check(
                    "20 MB with its length",
                    request(route, target(route)).huge(type[0], type[1], HUGE, false),
                    Expect.problem(413, "payload-too-large"));
            check(
                    "20 MB chunked",
                    request(route, target(route)).huge(type[0], type[1], HUGE, true),
                    Expect.problem(413, "payload-too-large"));
            RawHttp.Request lying = request(route, target(route)).body(type[0], type[1]);
            lying.header("Content-Length", Long.toString(HUGE));
            check("a length over the limit, the body never sent", lying, Expect.problem(413, "payload-too-large"));
        }
        assertNoFailures(bodyRoutes().size() * 3);
    }

    @Test
    void a_body_of_another_media_type_is_unsupported() {
        for (RegisteredRoute route : bodyRoutes()) {
            if (RAW_BODY.containsKey(route.key())) {
                continue;
            }
            boolean multipart = bodySchema(route, "multipart/form-data").isPresent();
            List<String> wrong = multipart
                    ? List.of(
                            "text/plain",
                            "application/json",
                            "application/x-www-form-urlencoded",
                            "multipart/form-data",
                            "image/jpeg")
                    : List.of(
                            "text/plain",
                            "text/plain; charset=utf-8",
                            "application/x-www-form-urlencoded",
                            "multipart/form-data; boundary=xyz",
                            "application/jsonx",
                            "application/json-patch+json",
                            "application/xml");
            for (String type : wrong) {
                check(
                        type,
                        request(route, target(route)).body(type, "{}"),
                        Expect.problem(415, "unsupported-media-type"));
            }
            check(
                    "no Content-Type",
                    request(route, target(route)).body(null, "{}"),
                    Expect.problem(415, "unsupported-media-type"));
            RawHttp.Request chunked = request(route, target(route)).huge(null, "{}", 2, true);
            check("chunked without a Content-Type", chunked, Expect.problem(415, "unsupported-media-type"));
            if (!multipart) {
                // JSON is UTF-8 whatever the header claims (RFC 8259 §8.1): an unknown charset is no reason for a 500.
                for (String charset : List.of("nonsense", "x;y", "\"\"", "utf-7")) {
                    RawHttp.Answer answer = http.send(request(route, target(route))
                            .body("application/json; charset=" + charset, "{\"isAdmin\":1}"));
                    judge("charset " + charset + " on " + route.key(), answer, Expect.field("isAdmin"));
                }
            }
        }
        assertNoFailures(bodyRoutes().size() * 6);
    }

    @Test
    void a_vendor_event_the_use_case_refuses_is_an_event_problem_whatever_its_bytes() {
        for (RegisteredRoute route : routes()) {
            if (!RAW_BODY.containsKey(route.key())) {
                continue;
            }
            for (String body : List.of("{", "[]", "null", "\u0000\u00ff", "{\"id\":\"../../etc/passwd\"}")) {
                check("event", request(route, target(route)).body("application/json", body), Expect.status(400));
                check("event as text", request(route, target(route)).body("text/plain", body), Expect.status(400));
            }
        }
        assertNoFailures(RAW_BODY.size() * 10);
    }

    // ---- path parameters -----------------------------------------------------------------------------------

    /** Values that are no id: traversal (plain, encoded, double-encoded), overlong, not UUIDs, broken encodings. */
    static final List<String> NOT_IDS = List.of(
            "..",
            "../me",
            "..%2F..%2Fapi%2Fme",
            "%2e%2e%2f",
            "..%2F",
            "%2e%2e",
            "%2E%2E%2F%2E%2E%2F",
            "..%5c..%5c",
            "%252e%252e%252f",
            ".",
            "%2e",
            "....%2F%2F",
            "%2F",
            "a".repeat(300),
            "a".repeat(9_000),
            "not-a-uuid",
            "1-1-1-1-1",
            "00000000-0000-0000-0000-00000000000g",
            "00000000-0000-0000-0000-0000000000001",
            "%00",
            "%C0%AE%C0%AE",
            "%E2%82",
            "%zz",
            "%",
            "%27%3B%20DROP%20TABLE%20orders%3B--",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "%20",
            "x;y=z",
            "%u002e%u002e");

    @Test
    void traversal_and_non_ids_in_any_path_parameter_are_refused() {
        int routes = 0;
        for (RegisteredRoute route : routes()) {
            List<String> params = RouteTemplates.params(route.path());
            if (params.isEmpty()) {
                continue;
            }
            routes++;
            boolean browser = BROWSER.containsKey(route.key());
            byte[] shell = browser ? http.send(request(route, target(route))).body() : null;
            for (int position = 0; position < params.size(); position++) {
                for (String bad : NOT_IDS) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < params.size(); i++) {
                        values.add(i == position ? bad : valid(route, params.get(i)));
                    }
                    RawHttp.Request request = request(route, RouteTemplates.fill(route.path(), values));
                    if (Set.of("POST", "PUT", "PATCH").contains(route.method())) {
                        request.body("application/json", "{}");
                    }
                    if (browser) {
                        judgePage(route.key() + " {" + params.get(position) + "}=" + bad, http.send(request), shell);
                    } else {
                        check("{" + params.get(position) + "}=" + bad, request, Expect.anyRefusal());
                    }
                }
            }
        }
        assertThat(routes).as("routes with path parameters").isGreaterThanOrEqualTo(10);
        assertNoFailures(0);
        assertThat(checked).as("requests checked").isGreaterThan(200);
    }

    /**
     * A page refuses a bad address with a 4xx, or (a static shell) answers exactly the bytes it answers for a
     * real id, so nothing of the address comes back; either way no 5xx and nothing internal.
     */
    private void judgePage(String what, RawHttp.Answer answer, byte[] shell) {
        checked++;
        var internals = INTERNALS.matcher(answer.text());
        if (internals.find()) {
            failures.add(what + ": the page shows '" + internals.group() + "': " + answer);
        }
        boolean refused = answer.status() >= 400 && answer.status() < 500;
        boolean sameShell = answer.status() == 200 && java.util.Arrays.equals(answer.body(), shell);
        if (!refused && !sameShell) {
            failures.add(what + ": expected a 4xx or the unchanged page shell, got " + answer);
        }
    }

    // ---- query parameters -------------------------------------------------------------------------------------

    @Test
    void bad_numbers_in_the_query_are_validation_problems_naming_the_parameter() {
        int params = 0;
        for (RegisteredRoute route : routes()) {
            for (JsonNode param : operation(route).path("parameters")) {
                JsonNode schema = resolve(param.path("schema"));
                if (!param.path("in").asText().equals("query")
                        || !Set.of("integer", "number")
                                .contains(schema.path("type").asText())) {
                    continue;
                }
                params++;
                String name = param.path("name").asText();
                List<String> bad = new ArrayList<>(List.of(
                        "-1",
                        "99999999999999999999999",
                        "-99999999999999999999999",
                        "abc",
                        "1e3",
                        "0x10",
                        "1.5",
                        "%zz",
                        "%E2%82",
                        "1%00",
                        "5&" + name + "=6",
                        "%2e%2e%2f"));
                if (schema.has("minimum")) {
                    bad.add(Long.toString(schema.get("minimum").asLong() - 1));
                }
                if (schema.has("maximum")) {
                    bad.add(Long.toString(schema.get("maximum").asLong() + 1));
                }
                for (String value : bad) {
                    check(
                            "?" + name + "=" + value,
                            request(route, target(route) + "?" + name + "=" + value),
                            Expect.field(name));
                }
            }
        }
        assertThat(params).as("numeric query parameters").isGreaterThanOrEqualTo(4);
        assertNoFailures(params * 12);
    }

    @Test
    void odd_text_in_the_query_never_breaks_a_route() {
        for (RegisteredRoute route : routes()) {
            for (JsonNode param : operation(route).path("parameters")) {
                if (!param.path("in").asText().equals("query")
                        || !resolve(param.path("schema")).path("type").asText().equals("string")) {
                    continue;
                }
                String name = param.path("name").asText();
                for (String value :
                        List.of("a".repeat(3_000), "%zz", "%00", "..%2F..%2F", "%3Cscript%3E", "x&" + name + "=y")) {
                    RawHttp.Answer answer = http.send(request(route, target(route) + "?" + name + "=" + value));
                    checked++;
                    var internals = INTERNALS.matcher(answer.text());
                    if (answer.status() >= 500 || internals.find()) {
                        failures.add(route.key() + "?" + name + "=" + value + ": " + answer);
                    }
                }
            }
        }
        assertNoFailures(12);
    }

    // ---- not HTTP at all ----------------------------------------------------------------------------------------

    @Test
    void a_request_that_is_not_valid_http_is_a_problem_too() {
        String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
        String jsonPost = "POST /api/auth/start HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n";
        Expect badRequest = Expect.problem(400, "bad-request");
        Map<String, Expect> requests = Map.ofEntries(
                Map.entry("GARBAGE\r\n\r\n", badRequest),
                Map.entry("GET /api/orders/%u002e%u002e HTTP/1.1\r\n" + host + "\r\n", badRequest),
                Map.entry("GET /api/plans?limit= 5 HTTP/1.1\r\n" + host + "\r\n", badRequest),
                Map.entry("GET /api/orders/%00 HTTP/1.1\r\n" + host + "\r\n", badRequest),
                Map.entry("GET /api/orders/%zz HTTP/1.1\r\n" + host + "\r\n", badRequest),
                Map.entry("GET /api/orders/%C0%AE HTTP/1.1\r\n" + host + "\r\n", badRequest),
                Map.entry(
                        "GET /api/orders/" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + "\r\n",
                        Expect.problem(414, "uri-too-long")),
                Map.entry(
                        "GET /api/plans HTTP/1.1\r\n" + host + "X-Padding: " + "a".repeat(20_000) + "\r\n\r\n",
                        Expect.problem(431, "headers-too-large")),
                Map.entry(jsonPost + "Content-Length: abc\r\n\r\n{}", badRequest),
                Map.entry(jsonPost + "Content-Length: -5\r\n\r\n{}", badRequest),
                Map.entry(jsonPost + "Content-Length: 99999999999999999999\r\n\r\n{}", badRequest),
                Map.entry(jsonPost + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", badRequest),
                Map.entry(jsonPost + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", badRequest));
        requests.forEach((raw, expect) ->
                judge(raw.substring(0, Math.min(60, raw.length())).replace("\r\n", " "), http.raw(raw), expect));
        assertNoFailures(requests.size());
    }

    @Test
    void the_internals_pattern_recognises_what_must_not_be_shown() {
        assertThat(List.of(
                        "java.lang.IllegalStateException: boom",
                        "\tat ai.kaptura.adapter.http.Json.object(Json.java:64)",
                        "from `StreamReadConstraints.getMaxNestingDepth()`",
                        "com.fasterxml.jackson.core.JsonParseException",
                        "NullPointerException"))
                .allMatch(text -> INTERNALS.matcher(text).find());
        assertThat(List.of(
                        "{\"type\":\"https://kaptura.ai/problems/not-found\",\"detail\":\"There is no order here.\"}",
                        "The body is not valid JSON (at line 1, column 3).",
                        "'limit' must be a whole number from 1 to 1000"))
                .noneMatch(text -> INTERNALS.matcher(text).find());
    }
}
