package io.pagewise.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;

/**
 * The application's own {@code application.yml}: what the deployment artefacts must agree with (actuator
 * paths, probe groups, graceful shutdown).
 */
record ApplicationConfig(YamlTree yaml) {

	static ApplicationConfig load() {
		return new ApplicationConfig(YamlTree.load(Path.of("src/main/resources/application.yml")));
	}

	/** The path of an actuator endpoint, e.g. {@code health/readiness}. */
	String actuatorPath(String endpoint) {
		String basePath = this.yaml.has("management", "endpoints", "web", "base-path")
				? this.yaml.string("management", "endpoints", "web", "base-path") : "/actuator";
		return basePath + "/" + endpoint;
	}

	boolean probesEnabled() {
		return Boolean.TRUE.equals(this.yaml.get("management", "endpoint", "health", "probes", "enabled"));
	}

	List<String> exposedEndpoints() {
		return List.of(this.yaml.string("management", "endpoints", "web", "exposure", "include").split("\\s*,\\s*"));
	}

	boolean gracefulShutdown() {
		return "graceful".equals(this.yaml.string("server", "shutdown"));
	}

	/** How long Spring waits for requests in flight when it shuts down. */
	Duration shutdownPhase() {
		return DurationStyle.detectAndParse(this.yaml.string("spring", "lifecycle", "timeout-per-shutdown-phase"));
	}

}
