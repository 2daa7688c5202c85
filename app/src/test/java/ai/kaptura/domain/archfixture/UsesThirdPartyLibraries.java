package ai.kaptura.domain.archfixture;

import com.stripe.archfixture.FakeStripe;
import feign.archfixture.FakeFeign;
import io.javalin.archfixture.FakeJavalin;
import jakarta.inject.archfixture.FakeJakartaInject;
import org.jooq.archfixture.FakeJooq;

/** Violates rule a: a domain class depending on libraries from org.., com.., io.., jakarta.. and others. */
public final class UsesThirdPartyLibraries {

    FakeJooq org;
    FakeStripe com;
    FakeJavalin io;
    FakeJakartaInject jakarta;
    FakeFeign other;
}
