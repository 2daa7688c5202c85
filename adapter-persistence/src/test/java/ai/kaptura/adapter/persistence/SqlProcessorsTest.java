package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.incompleteProcessor;
import static ai.kaptura.ports.out.contract.ContractFixtures.processor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.ports.out.Processors;
import ai.kaptura.ports.out.contract.ProcessorsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlProcessorsTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }
    }

    /** The contract, and what only a database can get wrong, on one database. */
    abstract static class OnDatabase extends ProcessorsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected Processors processors() {
            return new SqlProcessors(db);
        }

        @Test
        void categories_are_stored_as_names_in_declaration_order() {
            processors().register(processor("astria"));
            processors().register(incompleteProcessor("postmark"));

            assertThat(db.ctx().fetchValue("SELECT categories FROM processors WHERE name = 'astria'"))
                    .isEqualTo("SELFIE,VENDOR_MODEL,HEADSHOT");
            assertThat(db.ctx().fetchValue("SELECT categories FROM processors WHERE name = 'postmark'"))
                    .isEqualTo("");
            assertThat(db.ctx().fetchValue("SELECT transfer FROM processors WHERE name = 'postmark'"))
                    .isNull();
        }

        @Test
        void an_unknown_category_is_a_clear_violation() {
            processors().register(processor("astria"));
            db.run(() ->
                    db.ctx().execute("UPDATE processors SET categories = 'SELFIE,FINGERPRINT' WHERE name = 'astria'"));

            assertThatThrownBy(() -> processors().registry())
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("processors.categories")
                    .hasMessageContaining("FINGERPRINT");
        }

        @Test
        void an_unknown_transfer_mechanism_is_a_clear_violation() {
            processors().register(processor("astria"));
            db.run(() -> db.ctx().execute("UPDATE processors SET transfer = 'HANDSHAKE' WHERE name = 'astria'"));

            assertThatThrownBy(() -> processors().registry())
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("processors.transfer")
                    .hasMessageContaining("HANDSHAKE");
        }

        @Test
        void a_legal_name_longer_than_the_column_is_refused_not_cut_when_added_or_replaced() {
            Processors processors = processors();
            Processor original = processor("astria");
            processors.register(original);
            Processor tooLong = withLegalName(processor("astria"), "A".repeat(201));
            Processor newTooLong = withLegalName(processor("stripe"), "S".repeat(201));

            assertThatThrownBy(() -> processors.register(tooLong)).isInstanceOf(InvalidInput.class);
            assertThatThrownBy(() -> processors.register(newTooLong)).isInstanceOf(InvalidInput.class);

            assertThat(processors.registry().processors()).containsExactly(original);
        }
    }

    /** {@code p} with another legal name. */
    static Processor withLegalName(Processor p, String legalName) {
        return new Processor(
                p.name(), legalName, p.purpose(), p.categories(), p.country(), p.transfer(), p.dpaReference());
    }
}
