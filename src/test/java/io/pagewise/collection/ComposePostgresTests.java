package io.pagewise.collection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** The compose scale profile's replicas share one PostgreSQL catalog; the default instance keeps its H2 file. */
class ComposePostgresTests {

	@Test
	@SuppressWarnings("unchecked")
	void theReplicasShareThePostgresServiceAndTheDefaultStaysEmbedded() throws Exception {
		Map<String, Object> services = (Map<String, Object>) new Yaml()
			.<Map<String, Object>>load(Files.readString(Path.of("docker-compose.yml")))
			.get("services");
		Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
		assertThat((List<String>) postgres.get("profiles")).containsExactly("scale");
		assertThat(postgres.get("image")).isEqualTo(TestPostgres.IMAGE);
		Map<String, Object> db = (Map<String, Object>) postgres.get("environment");
		for (String replica : List.of("pagewise-a", "pagewise-b")) {
			Map<String, Object> service = (Map<String, Object>) services.get(replica);
			Map<String, Object> env = (Map<String, Object>) service.get("environment");
			assertThat(env.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + db.get("POSTGRES_DB"));
			assertThat(env.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(db.get("POSTGRES_USER"));
			assertThat(env.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(db.get("POSTGRES_PASSWORD"));
			assertThat((Map<String, Object>) service.get("depends_on")).containsKey("postgres");
		}
		Map<String, Object> single = (Map<String, Object>) ((Map<String, Object>) services.get("pagewise")).get("environment");
		assertThat(single.keySet()).noneMatch((name) -> name.startsWith("SPRING_DATASOURCE"));
	}

}
