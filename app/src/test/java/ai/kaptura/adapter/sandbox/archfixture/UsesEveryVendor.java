package ai.kaptura.adapter.sandbox.archfixture;

import com.github.kagkarlsson.archfixture.FakeDbScheduler;
import com.stripe.archfixture.FakeStripe;
import com.zaxxer.hikari.archfixture.FakeHikari;
import dagger.archfixture.FakeDagger;
import feign.archfixture.FakeFeign;
import io.github.bucket4j.archfixture.FakeBucket4j;
import io.javalin.archfixture.FakeJavalin;
import jakarta.inject.archfixture.FakeJakartaInject;
import javax.inject.archfixture.FakeJavaxInject;
import org.flywaydb.archfixture.FakeFlyway;
import org.h2.archfixture.FakeH2;
import org.jclouds.archfixture.FakeJclouds;
import org.jooq.archfixture.FakeJooq;
import org.postgresql.archfixture.FakePostgres;

/** Violates every rule f: the sandbox adapter may use none of the vendor libraries. */
final class UsesEveryVendor {

    FakeJavalin javalin;
    FakeJooq jooq;
    FakeHikari hikari;
    FakeFlyway flyway;
    FakeDbScheduler dbScheduler;
    FakeBucket4j bucket4j;
    FakeH2 h2;
    FakePostgres postgres;
    FakeStripe stripe;
    FakeJclouds jclouds;
    FakeFeign feign;
    FakeDagger dagger;
    FakeJavaxInject javaxInject;
    FakeJakartaInject jakartaInject;
}
