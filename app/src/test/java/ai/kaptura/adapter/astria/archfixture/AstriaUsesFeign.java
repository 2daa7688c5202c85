package ai.kaptura.adapter.astria.archfixture;

import feign.archfixture.FakeFeign;

/** Keeps rule f: Feign inside adapter-astria. */
final class AstriaUsesFeign {

    FakeFeign feign;
}
