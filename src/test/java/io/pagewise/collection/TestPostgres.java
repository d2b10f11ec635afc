package io.pagewise.collection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests: {@code PAGEWISE_POSTGRES_URL} (CI: {@code .ci/run} starts Debian's PostgreSQL on a
 * free port and exports it; user {@code PAGEWISE_POSTGRES_USER}, default {@code postgres}, password
 * {@code PAGEWISE_POSTGRES_PASSWORD}), or where Docker runs a Testcontainers one. Each caller gets a database of
 * its own, so test runs never see each other's rows. Without either, the test is skipped, saying why.
 */
final class TestPostgres {

	/** The image used where Docker runs; the same as docker-compose.yml's. */
	static final String IMAGE = "postgres:17.6-alpine";

	private static volatile PostgreSQLContainer container;

	private TestPostgres() {
	}

	/** A new, empty database. */
	static Database newDatabase() {
		String url = System.getenv("PAGEWISE_POSTGRES_URL");
		if (url != null && !url.isBlank()) {
			return create(url, System.getenv().getOrDefault("PAGEWISE_POSTGRES_USER", "postgres"),
					System.getenv().getOrDefault("PAGEWISE_POSTGRES_PASSWORD", ""));
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer started = container();
			return create(started.getJdbcUrl(), started.getUsername(), started.getPassword());
		}
		return Assumptions.abort("No PostgreSQL to test against: set PAGEWISE_POSTGRES_URL (CI's .ci/run starts one "
				+ "and sets it) or run Docker.");
	}

	private static synchronized PostgreSQLContainer container() {
		if (container == null) {
			PostgreSQLContainer started = new PostgreSQLContainer(IMAGE);
			started.start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
			container = started;
		}
		return container;
	}

	private static Database create(String url, String user, String password) {
		String name = "pagewise_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a test database at " + url, ex);
		}
		return new Database(url.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1"), user, password);
	}

	/** Where a test database is and how to log in. */
	record Database(String url, String user, String password) {
	}

}
