package ai.kaptura.adapter.persistence;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.contract.JobsContract;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

class JobTableTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends JobsContract {
        @BeforeEach
        void empty() {
            TestDatabases.reset(H2);
        }

        @Override
        protected Jobs jobs() {
            return new JobTable(H2);
        }

        @Override
        protected List<Job> scheduledJobs() {
            return new JobTable(H2).scheduled();
        }
    }

    @Nested
    class OnPostgres extends JobsContract {
        @BeforeEach
        void empty() {
            TestDatabases.reset(PG);
        }

        @Override
        protected Jobs jobs() {
            return new JobTable(PG);
        }

        @Override
        protected List<Job> scheduledJobs() {
            return new JobTable(PG).scheduled();
        }
    }
}
