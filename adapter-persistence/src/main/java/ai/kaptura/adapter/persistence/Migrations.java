package ai.kaptura.adapter.persistence;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway over two folders: {@code common}, portable across PostgreSQL and H2 (and the source of the
 * generated jOOQ classes), and a vendor folder for what only PostgreSQL has (the append-only trigger of
 * the consent ledger, partial indexes). The vendor folder is picked here, in code, and a missing
 * location fails instead of being skipped silently.
 */
final class Migrations {

    private Migrations() {}

    static List<String> locations(Database db) {
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration/common"));
        if (db.isPostgres()) {
            locations.add("classpath:db/migration/postgresql");
        }
        return locations;
    }

    /** Brings the schema up to date; answers how many migrations ran. */
    static int migrate(Database db, String schema) {
        var config = Flyway.configure()
                .dataSource(db.dataSource())
                .locations(locations(db).toArray(String[]::new))
                .failOnMissingLocations(true)
                .validateMigrationNaming(true);
        if (schema != null) {
            config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        MigrateResult result = config.load().migrate();
        // The change announcements (V103) may exist now: the caches need not wait for the listener's next look.
        db.schemaChanged();
        return result.migrationsExecuted;
    }
}
