package io.pagewise.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pagewise.scale.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker compose --profile scale up}: two replicas sharing Redis and MinIO, configured by environment only,
 * while the default {@code docker compose up} stays the embedded single instance.
 */
class ComposeScaleProfileTests {

	private static final Pattern DEFAULTED = Pattern.compile("\\$\\{\\w+:-([^}]*)}");

	private final YamlTree compose = YamlTree.load(Path.of("docker-compose.yml"));

	@Test
	void theScaleProfileAddsRedisMinioAndTwoReplicasAndTheDefaultStaysEmbedded() {
		for (String service : List.of("redis", "minio", "pagewise-a", "pagewise-b")) {
			assertThat(this.compose.list("services", service, "profiles")).as(service).containsExactly("scale");
		}
		assertThat(this.compose.has("services", "pagewise", "profiles")).isFalse();
		assertThat(this.compose.map("services", "pagewise", "environment").keySet())
			.noneMatch((name) -> name.startsWith("PAGEWISE_STORAGE") || name.startsWith("PAGEWISE_CACHE")
					|| name.startsWith("SPRING_DATA_REDIS"));
		assertThat(this.compose.string("services", "redis", "image")).isEqualTo(TestRedis.IMAGE);
	}

	@Test
	void bothReplicasShareOneBucketAndOneRedisOnTheirOwnPorts() {
		Map<String, Object> a = env("pagewise-a");
		assertThat(env("pagewise-b")).isEqualTo(a);
		assertThat(a).containsEntry("PAGEWISE_STORAGE_TYPE", "s3")
			.containsEntry("PAGEWISE_STORAGE_S3_ENDPOINT", "http://minio:9000")
			.containsEntry("PAGEWISE_CACHE_TYPE", "redis")
			.containsEntry("SPRING_DATA_REDIS_URL", "redis://redis:6379");
		assertThat(this.compose.list("services", "pagewise-a", "ports"))
			.doesNotContainAnyElementsOf(this.compose.list("services", "pagewise-b", "ports"));
		assertThat(this.compose.map("services", "pagewise-a", "depends_on")).containsKeys("redis", "minio", "upstream");
		assertThat(this.compose.map("services", "pagewise-b", "healthcheck"))
			.isEqualTo(this.compose.map("services", "pagewise", "healthcheck"));
	}

	@Test
	void theReplicasSignInWithMinioSRootCredentials() {
		Map<String, Object> minio = this.compose.map("services", "minio", "environment");
		Map<String, Object> replica = env("pagewise-a");
		assertThat(replica.get("PAGEWISE_STORAGE_S3_ACCESSKEY")).isEqualTo(minio.get("MINIO_ROOT_USER"));
		assertThat(replica.get("PAGEWISE_STORAGE_S3_SECRETKEY")).isEqualTo(minio.get("MINIO_ROOT_PASSWORD"));
		// MinIO refuses to start with a password under 8 characters.
		assertThat(unsetDefault(minio.get("MINIO_ROOT_PASSWORD"))).hasSizeGreaterThanOrEqualTo(8);
	}

	private Map<String, Object> env(String replica) {
		return this.compose.map("services", replica, "environment");
	}

	private static String unsetDefault(Object value) {
		Matcher matcher = DEFAULTED.matcher(String.valueOf(value));
		return matcher.matches() ? matcher.group(1) : String.valueOf(value);
	}

}
