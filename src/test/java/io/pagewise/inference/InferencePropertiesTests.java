package io.pagewise.inference;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InferencePropertiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://api.vultrinference.com", "https://api.vultrinference.com/",
			"https://api.vultrinference.com/v1", "https://api.vultrinference.com/v1/",
			"https://api.vultrinference.com//v1//" })
	void apiUrlEndsInV1WithOrWithoutItInTheBaseUrl(String baseUrl) {
		assertThat(bind(Map.of("base-url", baseUrl)).apiUrl())
			.isEqualTo(URI.create("https://api.vultrinference.com/v1/"));
	}

	@Test
	void apiUrlKeepsPortAndPathPrefixOfSelfHostedServers() {
		assertThat(bind(Map.of("base-url", "http://gpu-box:8000/openai")).apiUrl())
			.isEqualTo(URI.create("http://gpu-box:8000/openai/v1/"));
	}

	@Test
	void defaultsMatchTheDocumentedConfiguration() {
		InferenceProperties properties = bind(Map.of());
		assertThat(properties.baseUrl()).isEqualTo(URI.create("https://api.vultrinference.com"));
		assertThat(properties.apiKey()).isNull();
		assertThat(properties.maxConcurrentCalls()).isEqualTo(64);
		assertThat(properties.limit()).isEqualTo(new InferenceProperties.Limit(16, 1, 0.9, 1000));
		assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.attemptTimeout()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.deadline()).isEqualTo(Duration.ofSeconds(120));
		assertThat(properties.maxRetries()).isEqualTo(4);
		assertThat(properties.minBackoff()).isEqualTo(Duration.ofMillis(250));
		assertThat(properties.maxBackoff()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void emptyEnvironmentVariablesMeanNotSet() {
		InferenceProperties properties = bind(Map.of("base-url", "", "api-key", "  "));
		assertThat(properties.apiKey()).isNull();
		assertThat(properties.apiUrl()).isEqualTo(URI.create("https://api.vultrinference.com/v1/"));
	}

	@Test
	void toStringNeverShowsTheKey() {
		InferenceProperties properties = bind(Map.of("api-key", "sk-very-secret"));
		assertThat(properties.toString()).doesNotContain("sk-very-secret").contains("apiKey=<set>");
	}

	@Test
	void aRelativeBaseUrlIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InferenceProperties(URI.create("api/v1"), null, 8,
				Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(120), 4, Duration.ofMillis(250),
				Duration.ofSeconds(8),
			new InferenceProperties.Circuit(10, Duration.ofSeconds(30))));
	}

	private static InferenceProperties bind(Map<String, String> values) {
		Map<String, String> prefixed = new java.util.HashMap<>();
		values.forEach((key, value) -> prefixed.put("pagewise.inference." + key, value));
		return new Binder(new MapConfigurationPropertySource(prefixed))
			.bindOrCreate("pagewise.inference", InferenceProperties.class);
	}

}
