package io.pagewise.search;

import java.nio.file.Path;

import org.springframework.boot.context.properties.bind.Binder;
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
			// Bound as the document store binds it, so every form of the storage directory it accepts works here too.
			dir = Binder.get(environment).bind("pagewise.storage.dir", Path.class).orElse(Path.of("./data"))
				.resolve("index");
		}
		return new PageIndex(dir);
	}

}
