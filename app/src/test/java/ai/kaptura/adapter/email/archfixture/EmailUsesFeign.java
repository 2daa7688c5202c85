package ai.kaptura.adapter.email.archfixture;

import feign.archfixture.FakeFeign;

/** Keeps rule f: Feign inside adapter-email. */
final class EmailUsesFeign {

    FakeFeign feign;
}
