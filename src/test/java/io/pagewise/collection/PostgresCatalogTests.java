package io.pagewise.collection;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The catalog's contract on PostgreSQL ({@link TestPostgres}: CI's own server, or a container where Docker runs). */
@SpringBootTest
class PostgresCatalogTests extends CatalogContractTests {

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestPostgres.Database database = TestPostgres.newDatabase();
		registry.add("pagewise.storage.dir", storage::toString);
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", database::password);
	}

}
