package io.pagewise.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}, matched like the builder matches it: patterns in order, the last match wins,
 * {@code !} re-includes, and a pattern matching a directory matches everything below it.
 */
record DockerIgnore(List<Rule> rules) {

	static DockerIgnore load(Path file) {
		try {
			return new DockerIgnore(Files.readAllLines(file)
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.map(Rule::of)
				.toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether the file or directory at this context-relative path stays out of the build context. */
	boolean excludes(String path) {
		String normalized = path.replaceAll("^\\./", "").replaceAll("/+$", "");
		boolean excluded = false;
		for (Rule rule : this.rules) {
			if (rule.matchesOrContains(normalized)) {
				excluded = !rule.include();
			}
		}
		return excluded;
	}

	/** One pattern, as a regular expression over slash-separated paths. */
	record Rule(Pattern pattern, boolean include) {

		static Rule of(String line) {
			boolean include = line.startsWith("!");
			String glob = (include ? line.substring(1) : line).replaceAll("^/+", "").replaceAll("/+$", "");
			return new Rule(Pattern.compile(regex(glob)), include);
		}

		boolean matchesOrContains(String path) {
			String candidate = path;
			while (true) {
				if (this.pattern.matcher(candidate).matches()) {
					return true;
				}
				int slash = candidate.lastIndexOf('/');
				if (slash < 0) {
					return false;
				}
				candidate = candidate.substring(0, slash);
			}
		}

		private static String regex(String glob) {
			StringBuilder regex = new StringBuilder();
			for (int i = 0; i < glob.length(); i++) {
				char c = glob.charAt(i);
				if (glob.startsWith("**", i)) {
					regex.append(".*");
					i++;
				}
				else if (c == '*') {
					regex.append("[^/]*");
				}
				else if (c == '?') {
					regex.append("[^/]");
				}
				else {
					regex.append(Pattern.quote(String.valueOf(c)));
				}
			}
			return regex.toString();
		}

	}

}
