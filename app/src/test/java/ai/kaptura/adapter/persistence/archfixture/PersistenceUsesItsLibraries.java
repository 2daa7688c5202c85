package ai.kaptura.adapter.persistence.archfixture;

import com.github.kagkarlsson.archfixture.FakeDbScheduler;
import com.zaxxer.hikari.archfixture.FakeHikari;
import io.github.bucket4j.archfixture.FakeBucket4j;
import org.flywaydb.archfixture.FakeFlyway;
import org.h2.archfixture.FakeH2;
import org.jooq.archfixture.FakeJooq;
import org.postgresql.archfixture.FakePostgres;

/** Keeps rule f: the database libraries inside adapter-persistence. */
final class PersistenceUsesItsLibraries {

    FakeJooq jooq;
    FakeHikari hikari;
    FakeFlyway flyway;
    FakeDbScheduler dbScheduler;
    FakeBucket4j bucket4j;
    FakeH2 h2;
    FakePostgres postgres;
}
