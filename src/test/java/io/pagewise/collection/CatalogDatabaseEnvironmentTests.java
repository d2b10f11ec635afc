package io.pagewise.collection;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogDatabaseEnvironmentTests {

	@Test
	void theDefaultIsAnH2FileUnderTheStorageDirectory() {
		MockEnvironment environment = new MockEnvironment().withProperty("pagewise.storage.dir", "/srv/pagewise");
		new CatalogDatabaseEnvironment().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:h2:file:/srv/pagewise/catalog/pagewise");
	}

	@Test
	void aRelativeStorageDirectoryBecomesAbsoluteAndIsReadWhenAsked() {
		MockEnvironment environment = new MockEnvironment();
		new CatalogDatabaseEnvironment().postProcessEnvironment(environment, new SpringApplication());
		environment.setProperty("pagewise.storage.dir", "./later");
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:h2:file:" + Path.of("later").toAbsolutePath().resolve("catalog/pagewise"));
	}

	@Test
	void aConfiguredUrlWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url",
				"jdbc:postgresql://db:5432/pagewise");
		new CatalogDatabaseEnvironment().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/pagewise");
	}

	@Test
	void aStorageDirectoryOnAnotherFileSystemGetsNoFileUnderTheWorkingDirectory() {
		assertThat(CatalogDatabaseEnvironment.urlFor("smalldisk:/tmp/data?free=10")).startsWith("jdbc:h2:mem:");
		assertThat(CatalogDatabaseEnvironment.urlFor("file:/data")).isEqualTo("jdbc:h2:file:/data/catalog/pagewise");
	}

}
