package io.pagewise.answer.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Unless {@code pagewise.cache.type=redis}, excludes Spring Boot's Redis auto-configuration: the embedded default
 * creates no Redis client, never tries to connect, and has no Redis health contributor to report DOWN. Runs after
 * the configuration files are read, so the type may be set anywhere Boot reads properties from.
 */
class LocalCacheEnvironment implements EnvironmentPostProcessor, Ordered {

	private static final String EXCLUDE = "spring.autoconfigure.exclude";

	private static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if ("redis".equalsIgnoreCase(environment.getProperty("pagewise.cache.type", "local").strip())) {
			return;
		}
		List<String> excluded = new ArrayList<>(
				Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
		ImportCandidates.load(AutoConfiguration.class, application.getClassLoader())
			.getCandidates()
			.stream()
			.filter((candidate) -> candidate.startsWith(REDIS_AUTO_CONFIGURATION))
			.forEach(excluded::add);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("pagewiseLocalCache", Map.of(EXCLUDE, String.join(",", excluded))));
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
