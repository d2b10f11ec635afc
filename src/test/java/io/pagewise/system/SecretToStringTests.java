package io.pagewise.system;

import java.util.List;

import io.pagewise.inference.InferenceProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties holding keys print that they are set, never the keys. */
class SecretToStringTests {

	@Test
	void clientKeysNeverShow() {
		SecurityProperties properties = new SecurityProperties(List.of("client-key-one", "client-key-two"), true, true,
				List.of("https://app.example.com"), DataSize.ofKilobytes(64));
		assertThat(properties.toString()).doesNotContain("client-key").contains("2 configured");
	}

	@Test
	void theUpstreamKeyNeverShows() {
		InferenceProperties properties = new Binder(new MapConfigurationPropertySource(
				java.util.Map.of("pagewise.inference.api-key", "upstream-secret-key-42")))
			.bindOrCreate("pagewise.inference", InferenceProperties.class);
		assertThat(properties.apiKey()).isEqualTo("upstream-secret-key-42");
		assertThat(properties.toString()).doesNotContain("upstream-secret-key-42").contains("apiKey=<set>");
	}

}
