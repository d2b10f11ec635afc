package io.pagewise.collection;

import java.nio.file.Path;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The catalog's default database: an embedded H2 file database under {@code pagewise.storage.dir}, unless
 * {@code spring.datasource.url} is set anywhere (it takes precedence: this source comes last). Computed when read,
 * so a storage directory set later (tests' dynamic properties) still counts; a storage directory that is not a
 * local path (a test file system such as {@code smalldisk:}) gets an in-memory database instead of one that H2
 * would create under the working directory.
 */
class CatalogDatabaseEnvironment implements EnvironmentPostProcessor, Ordered {

	private static final String URL = "spring.datasource.url";

	/** A URI scheme other than a Windows drive letter. */
	private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new Defaults(environment));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	static String urlFor(String storageDir) {
		if (SCHEME.matcher(storageDir).matches() && !storageDir.startsWith("file:")) {
			return "jdbc:h2:mem:pagewise-catalog;DB_CLOSE_DELAY=-1";
		}
		Path dir = Path.of(storageDir.replaceFirst("^file:", "")).toAbsolutePath().normalize();
		return "jdbc:h2:file:" + dir.resolve("catalog").resolve("pagewise");
	}

	/** Its source is not the environment itself: Boot would descend into that and come back here forever. */
	private static final class Defaults extends EnumerablePropertySource<Object> {

		private final ConfigurableEnvironment environment;

		Defaults(ConfigurableEnvironment environment) {
			super("pagewiseCatalogDatabase", new Object());
			this.environment = environment;
		}

		@Override
		public String[] getPropertyNames() {
			return new String[] { URL };
		}

		/** Reading the storage directory goes through every source again, this one included. */
		private final ThreadLocal<Boolean> resolving = ThreadLocal.withInitial(() -> false);

		@Override
		public @Nullable Object getProperty(String name) {
			if (!URL.equals(name) || this.resolving.get()) {
				return null;
			}
			this.resolving.set(true);
			try {
				return urlFor(this.environment.getProperty("pagewise.storage.dir", "./data"));
			}
			finally {
				this.resolving.remove();
			}
		}

	}

}
