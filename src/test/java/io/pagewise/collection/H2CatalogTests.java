package io.pagewise.collection;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's contract on the embedded default: an H2 file database under the storage directory. */
@SpringBootTest
class H2CatalogTests extends CatalogContractTests {

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
	}

	@Test
	void theDatabaseIsAFileUnderTheStorageDirectory() {
		assertThat(storage.resolve("catalog/pagewise.mv.db")).isRegularFile();
	}

}
