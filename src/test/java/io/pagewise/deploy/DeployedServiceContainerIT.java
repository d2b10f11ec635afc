package io.pagewise.deploy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

/**
 * The contract against the real image: built from the {@code Dockerfile}, beside the compose file's WireMock
 * upstream serving {@code deploy/wiremock}. Needs a Docker engine; skipped without one (CI here has none — there
 * {@link DeployedServiceIT} runs the same checks against a locally started service).
 */
@Testcontainers(disabledWithoutDocker = true)
class DeployedServiceContainerIT extends DeployedServiceContract {

	private static Network network;

	private static GenericContainer<?> upstream;

	private static GenericContainer<?> pagewise;

	@BeforeAll
	static void start() {
		network = Network.newNetwork();
		upstream = new GenericContainer<>("wiremock/wiremock:3.13.2").withNetwork(network)
			.withNetworkAliases("upstream")
			.withCopyFileToContainer(MountableFile.forHostPath(Path.of("deploy/wiremock")), "/home/wiremock")
			.waitingFor(Wait.forHttp("/__admin/health"));
		pagewise = new GenericContainer<>(
				new ImageFromDockerfile("pagewise-it", false).withFileFromPath(".", Path.of(".")))
			.withNetwork(network)
			.withEnv("INFERENCE_BASE_URL", "http://upstream:8080")
			.withEnv("INFERENCE_API_KEY", "offline-stub-key")
			.withExposedPorts(8080)
			.waitingFor(Wait.forHttp("/actuator/health/readiness").withStartupTimeout(Duration.ofMinutes(5)));
		upstream.start();
		pagewise.start();
	}

	@AfterAll
	static void stop() {
		pagewise.stop();
		upstream.stop();
		network.close();
	}

	@Override
	String baseUrl() {
		return "http://" + pagewise.getHost() + ":" + pagewise.getMappedPort(8080);
	}

}
