package io.pagewise.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.Yaml;

/**
 * A parsed YAML document navigated by keys and list indexes, failing with the path when something is missing.
 */
record YamlTree(Object root) {

	static YamlTree load(Path file) {
		try {
			return of(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static YamlTree of(String yaml) {
		return new YamlTree(Objects.requireNonNull(new Yaml().load(yaml), "empty YAML"));
	}

	/** Every non-empty document of a multi-document stream, such as Helm's rendered manifests. */
	static List<YamlTree> all(String yaml) {
		List<YamlTree> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(yaml)) {
			if (document != null) {
				documents.add(new YamlTree(document));
			}
		}
		return documents;
	}

	boolean has(Object... path) {
		return find(path) != null;
	}

	Object get(Object... path) {
		Object value = find(path);
		if (value == null) {
			throw new AssertionError("No value at " + List.of(path) + " in " + this.root);
		}
		return value;
	}

	YamlTree at(Object... path) {
		return new YamlTree(get(path));
	}

	String string(Object... path) {
		return String.valueOf(get(path));
	}

	@SuppressWarnings("unchecked")
	List<Object> list(Object... path) {
		return (List<Object>) get(path);
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> map(Object... path) {
		return (Map<String, Object>) get(path);
	}

	List<YamlTree> trees(Object... path) {
		return list(path).stream().map(YamlTree::new).toList();
	}

	private @Nullable Object find(Object... path) {
		Object current = this.root;
		for (Object step : path) {
			if (current instanceof Map<?, ?> map && step instanceof String key) {
				current = map.get(key);
			}
			else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
				current = list.get(index);
			}
			else {
				return null;
			}
			if (current == null) {
				return null;
			}
		}
		return current;
	}

}
