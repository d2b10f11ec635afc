package io.pagewise.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.core.Version;
import io.pagewise.deploy.Dockerfile.Stage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code docker-compose.yml} must say so that {@code docker compose up} builds this Dockerfile and talks to
 * the stub {@link UpstreamStubTests} checks, with no key.
 */
class ComposeFileTests {

	/** Compose's {@code ${NAME:-default}}, as seen with NAME unset. */
	private static final Pattern DEFAULTED = Pattern.compile("\\$\\{\\w+:-([^}]*)}");

	private final YamlTree compose = YamlTree.load(Path.of("docker-compose.yml"));

	private final Stage image = Dockerfile.parse(Path.of("Dockerfile")).finalStage();

	@Test
	void buildsPagewiseFromTheRepositoryDockerfile() {
		Path context = Path.of(this.compose.string("services", "pagewise", "build", "context"));
		assertThat(context.toAbsolutePath().normalize()).isEqualTo(Path.of("").toAbsolutePath());
		assertThat(context.resolve(this.compose.string("services", "pagewise", "build", "dockerfile")).normalize())
			.isEqualTo(Path.of("Dockerfile"));
	}

	@Test
	void pinsEveryPulledImageAndRunsTheWireMockTheTestsUse() {
		Map<String, Object> services = this.compose.map("services");
		List<String> pulled = new ArrayList<>();
		services.keySet().stream().filter((name) -> !this.compose.has("services", name, "build"))
			.forEach((name) -> pulled.add(this.compose.string("services", name, "image")));
		assertThat(pulled).isNotEmpty().allSatisfy((image) -> assertThat(image).matches("[^:]+:[\\w.-]+")
			.doesNotEndWith(":latest"));
		assertThat(this.compose.string("services", "upstream", "image"))
			.isEqualTo("wiremock/wiremock:" + Version.getCurrentVersion());
	}

	@Test
	void pointsPagewiseAtTheStubWithADummyKeyByDefault() {
		Map<String, Object> env = this.compose.map("services", "pagewise", "environment");
		assertThat(unsetDefault(env.get("INFERENCE_BASE_URL"))).isEqualTo("http://upstream:8080");
		assertThat(unsetDefault(env.get("INFERENCE_API_KEY"))).isNotBlank();
		assertThat(this.compose.map("services")).containsKey("upstream");
		assertThat(this.compose.map("services", "pagewise", "depends_on", "upstream"))
			.containsEntry("condition", "service_healthy");
		assertThat(this.compose.has("services", "upstream", "healthcheck", "test")).isTrue();
	}

	@Test
	void mountsTheMappingsTheStubTestsLoad() {
		String[] volume = this.compose.string("services", "upstream", "volumes", 0).split(":");
		assertThat(Path.of(volume[0]).normalize()).isEqualTo(UpstreamStubTests.STUB);
		assertThat(Path.of(volume[0]).resolve("mappings")).isDirectoryContaining("glob:**.json");
		// The WireMock image serves /home/wiremock/{mappings,__files}.
		assertThat(volume[1]).isEqualTo("/home/wiremock");
	}

	@Test
	void keepsDocumentsOnANamedVolumeAtTheImagesStorageDirectory() {
		String[] volume = this.compose.string("services", "pagewise", "volumes", 0).split(":");
		assertThat(volume[1]).isEqualTo(this.image.env().get("PAGEWISE_STORAGE_DIR"));
		assertThat(this.compose.map("volumes")).containsKey(volume[0]);
	}

	@Test
	void publishesTheImagesPortAndHealthchecksLikeTheImage() {
		String exposed = this.image.last("EXPOSE").orElseThrow().arguments();
		assertThat(this.compose.string("services", "pagewise", "ports", 0)).endsWith(":" + exposed);
		List<String> test = this.compose.list("services", "pagewise", "healthcheck", "test")
			.stream()
			.map((word) -> String.valueOf(word).replace("$$", "$"))
			.toList();
		assertThat(test.getFirst()).isEqualTo("CMD");
		assertThat(test.subList(1, test.size())).isEqualTo(this.image.healthcheck().command());
	}

	@Test
	void waitsLongerThanTheShutdownPhaseOnStop() {
		Duration stopGrace = DurationStyle.detectAndParse(this.compose.string("services", "pagewise", "stop_grace_period"));
		assertThat(stopGrace).isGreaterThan(ApplicationConfig.load().shutdownPhase());
	}

	private static String unsetDefault(Object value) {
		Matcher matcher = DEFAULTED.matcher(String.valueOf(value));
		return matcher.matches() ? matcher.group(1) : String.valueOf(value);
	}

}
