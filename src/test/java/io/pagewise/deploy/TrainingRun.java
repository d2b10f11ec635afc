package io.pagewise.deploy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pagewise.deploy.Dockerfile.Instruction;
import io.pagewise.deploy.Dockerfile.Stage;

/**
 * The run stage's AOT cache training: the {@code RUN} whose shell commands include a {@code java} that writes
 * {@code -XX:AOTCacheOutput}, split into its commands, and that {@code java} command's parts.
 */
record TrainingRun(Instruction instruction, List<List<String>> commands, int javaCommand) {

	private static final String CACHE_OUTPUT = "-XX:AOTCacheOutput=";

	static TrainingRun of(Stage stage) {
		Instruction run = stage.all("RUN")
			.stream()
			.filter((instruction) -> instruction.arguments().contains(CACHE_OUTPUT))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No RUN writes " + CACHE_OUTPUT));
		List<List<String>> commands = Arrays.stream(run.arguments().split(";|&&"))
			.map(Dockerfile::words)
			.filter((words) -> !words.isEmpty())
			.toList();
		for (int i = 0; i < commands.size(); i++) {
			if (commands.get(i).contains("java") && String.join(" ", commands.get(i)).contains(CACHE_OUTPUT)) {
				return new TrainingRun(run, commands, i);
			}
		}
		throw new AssertionError("No java command writes " + CACHE_OUTPUT + " in " + run.arguments());
	}

	/** The {@code java} command, with any leading {@code NAME=value} assignments. */
	List<String> command() {
		return this.commands.get(this.javaCommand);
	}

	/** The variables the command sets for the training JVM only. */
	Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String word : command().subList(0, command().indexOf("java"))) {
			String[] nameAndValue = word.split("=", 2);
			environment.put(nameAndValue[0], nameAndValue[1]);
		}
		return environment;
	}

	/** The options between {@code java} and {@code -jar}. */
	List<String> jvmArguments() {
		return command().subList(command().indexOf("java") + 1, command().indexOf("-jar"));
	}

	/** {@code -jar}, the jar and the application's arguments: what decides the classpath. */
	List<String> fromJar() {
		return command().subList(command().indexOf("-jar"), command().size());
	}

	/** The cache file the JVM writes, as the command names it. */
	String cacheFile() {
		return jvmArguments().stream()
			.filter((argument) -> argument.startsWith(CACHE_OUTPUT))
			.map((argument) -> argument.substring(CACHE_OUTPUT.length()))
			.findFirst()
			.orElseThrow();
	}

}
