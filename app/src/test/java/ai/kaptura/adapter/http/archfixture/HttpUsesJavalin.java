package ai.kaptura.adapter.http.archfixture;

import io.javalin.archfixture.FakeJavalin;

/** Keeps rule f: Javalin inside adapter-http. */
final class HttpUsesJavalin {

    FakeJavalin javalin;
}
