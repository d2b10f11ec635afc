package io.pagewise.upstream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

/**
 * A small application context with Boot's own {@code WebClient.Builder} (codecs, connector, settings) pointed at
 * a {@link VultrStub}, with short back-offs so retry tests run fast. Add the beans under test with
 * {@code withUserConfiguration(...)} and change any {@code pagewise.*} property per test.
 */
public final class StubbedInference {

	private StubbedInference() {
	}

	public static ApplicationContextRunner runner(VultrStub upstream) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
					WebClientAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("pagewise.inference.base-url=" + upstream.baseUrl(),
					"pagewise.inference.api-key=" + upstream.apiKey(), "pagewise.inference.attempt-timeout=5s",
					"pagewise.inference.deadline=20s", "pagewise.inference.min-backoff=10ms",
					"pagewise.inference.max-backoff=100ms");
	}

}
