package io.pagewise.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a Dockerfile its checks need: stages, their instructions in order, with line continuations and
 * comments resolved the way the builder resolves them, and global {@code ARG} defaults substituted in
 * {@code FROM}.
 */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

	private static final JsonMapper json = JsonMapper.builder().build();

	static Dockerfile parse(Path file) {
		try {
			return parse(Files.readAllLines(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Dockerfile parse(List<String> lines) {
		Map<String, String> args = new LinkedHashMap<>();
		List<Stage> stages = new ArrayList<>();
		for (Instruction instruction : instructions(lines)) {
			if (instruction.is("FROM")) {
				stages.add(Stage.from(substitute(instruction.arguments(), args)));
			}
			else if (stages.isEmpty() && instruction.is("ARG")) {
				String[] nameAndDefault = instruction.arguments().split("=", 2);
				args.put(nameAndDefault[0], nameAndDefault.length > 1 ? nameAndDefault[1] : "");
			}
			else {
				stages.getLast().instructions().add(instruction);
			}
		}
		return new Dockerfile(args, stages);
	}

	Stage stage(String name) {
		return this.stages.stream()
			.filter((stage) -> name.equals(stage.name()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No stage named " + name));
	}

	Stage finalStage() {
		return this.stages.getLast();
	}

	/** Joins continuation lines and drops comments and blank lines, as the builder does. */
	private static List<Instruction> instructions(List<String> lines) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : lines) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			instructions.add(Instruction.of(current.toString()));
			current.setLength(0);
		}
		return instructions;
	}

	private static String substitute(String text, Map<String, String> variables) {
		Matcher matcher = VARIABLE.matcher(text);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
			matcher.appendReplacement(result, Matcher.quoteReplacement(variables.getOrDefault(name, "")));
		}
		return matcher.appendTail(result).toString();
	}

	/** A JSON-array ("exec form") argument list. */
	static List<String> execForm(String arguments) {
		if (!arguments.startsWith("[")) {
			throw new AssertionError("Not in exec form: " + arguments);
		}
		return json.readValue(arguments, new TypeReference<List<String>>() {
		});
	}

	/** One instruction: its keyword, upper-cased, and the rest of the (joined) line. */
	record Instruction(String keyword, String arguments) {

		static Instruction of(String line) {
			String[] parts = line.split("\\s+", 2);
			return new Instruction(parts[0].toUpperCase(Locale.ROOT), (parts.length > 1) ? parts[1].strip() : "");
		}

		boolean is(String keyword) {
			return this.keyword.equals(keyword);
		}

		/** The variables an {@code ENV} sets, in order. */
		Map<String, String> variables() {
			if (!is("ENV")) {
				throw new AssertionError("Not an ENV: " + this);
			}
			Map<String, String> variables = new LinkedHashMap<>();
			for (String assignment : words(this.arguments)) {
				String[] nameAndValue = assignment.split("=", 2);
				variables.put(nameAndValue[0], nameAndValue[1]);
			}
			return variables;
		}

	}

	/** One stage: the image it starts from, its optional name and its instructions. */
	record Stage(String image, String name, List<Instruction> instructions) {

		static Stage from(String arguments) {
			List<String> parts = List.of(arguments.split("\\s+")).stream().filter((part) -> !part.startsWith("--")).toList();
			boolean named = parts.size() == 3 && parts.get(1).equalsIgnoreCase("AS");
			return new Stage(parts.get(0), named ? parts.get(2) : "", new ArrayList<>());
		}

		List<Instruction> all(String keyword) {
			return this.instructions.stream().filter((instruction) -> instruction.is(keyword)).toList();
		}

		Optional<Instruction> last(String keyword) {
			List<Instruction> all = all(keyword);
			return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
		}

		/** The variables every {@code ENV} of this stage sets, in order. */
		Map<String, String> env() {
			Map<String, String> env = new LinkedHashMap<>();
			for (Instruction instruction : all("ENV")) {
				env.putAll(instruction.variables());
			}
			return env;
		}

		List<Copy> copies() {
			return all("COPY").stream().map((instruction) -> Copy.of(instruction.arguments())).toList();
		}

		Healthcheck healthcheck() {
			return Healthcheck.of(last("HEALTHCHECK").orElseThrow(() -> new AssertionError("No HEALTHCHECK")).arguments());
		}

		List<String> entrypoint() {
			return execForm(last("ENTRYPOINT").orElseThrow(() -> new AssertionError("No ENTRYPOINT")).arguments());
		}

	}

	/** A {@code COPY}: from another stage ({@code --from}) or, when {@code from} is empty, from the build context. */
	record Copy(String from, List<String> sources, String destination) {

		static Copy of(String arguments) {
			List<String> words = words(arguments);
			String from = words.stream()
				.filter((word) -> word.startsWith("--from="))
				.map((word) -> word.substring("--from=".length()))
				.findFirst()
				.orElse("");
			List<String> paths = words.stream().filter((word) -> !word.startsWith("--")).toList();
			return new Copy(from, paths.subList(0, paths.size() - 1), paths.getLast());
		}

	}

	/** A {@code HEALTHCHECK}: its {@code --option=value}s and its exec-form command. */
	record Healthcheck(Map<String, String> options, List<String> command) {

		static Healthcheck of(String arguments) {
			int cmd = arguments.indexOf("CMD ");
			Map<String, String> options = new LinkedHashMap<>();
			for (String option : words(arguments.substring(0, cmd))) {
				String[] nameAndValue = option.substring(2).split("=", 2);
				options.put(nameAndValue[0], nameAndValue[1]);
			}
			return new Healthcheck(options, execForm(arguments.substring(cmd + "CMD ".length()).strip()));
		}

	}

	/** Splits on blanks outside double quotes and removes the quotes, like ENV's key="value with blanks". */
	static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' && i + 1 < text.length()) {
				word.append(text.charAt(++i));
			}
			else if (c == '"') {
				quoted = !quoted;
			}
			else if (Character.isWhitespace(c) && !quoted) {
				if (!word.isEmpty()) {
					words.add(word.toString());
					word.setLength(0);
				}
			}
			else {
				word.append(c);
			}
		}
		if (!word.isEmpty()) {
			words.add(word.toString());
		}
		return words;
	}

}
