package io.pagewise.search;

import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The index lives under the storage directory unless {@code pagewise.search.dir} says otherwise. */
@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

	@Bean
	PageIndex pageIndex(SearchProperties properties, Environment environment) {
		Path dir = properties.dir();
		if (dir == null) {
			dir = environment.getProperty("pagewise.storage.dir", Path.class, Path.of("./data")).resolve("index");
		}
		return new PageIndex(dir);
	}

}
