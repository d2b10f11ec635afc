package io.pagewise.collection;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates the catalog with Flyway at start-up, as Spring Boot does, but does not let an unreachable database
 * stop the service: documents and single-document questions need no catalog. Until a migration succeeds, every
 * catalog request tries again first and otherwise answers 503 {@code catalog-unavailable}.
 */
class CatalogSchema implements FlywayMigrationStrategy {

	private static final Logger logger = LoggerFactory.getLogger(CatalogSchema.class);

	private @Nullable Flyway flyway;

	private volatile boolean migrated;

	@Override
	public void migrate(Flyway flyway) {
		this.flyway = flyway;
		try {
			ready();
		}
		catch (RuntimeException ex) {
			logger.error("The collections database is unavailable; collection requests answer 503 until it is ({})",
					ex.getMessage());
		}
	}

	/** Makes sure the schema is current; throws {@code catalog-unavailable} when the database cannot be reached. */
	void ready() {
		if (this.migrated) {
			return;
		}
		synchronized (this) {
			if (this.migrated) {
				return;
			}
			Flyway configured = this.flyway;
			if (configured == null) {
				throw new IllegalStateException("Flyway is not configured for the catalog");
			}
			try {
				configured.migrate();
				this.migrated = true;
			}
			catch (RuntimeException ex) {
				throw CollectionProblems.catalogUnavailable(ex);
			}
		}
	}

}
