package io.pagewise.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.pagewise.deploy.Dockerfile.Copy;
import io.pagewise.deploy.Dockerfile.Instruction;
import io.pagewise.deploy.Dockerfile.Stage;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Builds the image's file layout from the packaged jar by performing the Dockerfile's own steps, without Docker:
 * the build stage's commands after {@code mvnw package} run as written, the run stage's {@code COPY --from}s copy
 * their directories, its steps on the copied application (the AOT cache training run) run as written with the
 * stage's {@code ENV}, and the {@code ENTRYPOINT} starts with that {@code ENV}. Every container path maps into a
 * temporary root; the run stage's operating-system set-up (packages, user) is this machine's. Then the AOT cache,
 * the readiness probe, the HEALTHCHECK command and a graceful SIGTERM are checked. Runs after {@code package}
 * (maven-failsafe-plugin).
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class DockerfileIT {

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private final Dockerfile dockerfile = Dockerfile.parse(Path.of("Dockerfile"));

	private final ApplicationConfig config = ApplicationConfig.load();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private Path root;

	private Path appDir;

	private List<Path> storageAfterBuild;

	private Path log;

	private int port;

	private Process app;

	@BeforeAll
	void buildTheLayoutAndStartTheEntrypoint(@TempDir Path root) throws Exception {
		this.root = root;
		Path buildDir = performBuildStage(this.dockerfile.stage("build"));
		this.appDir = performRunStage(this.dockerfile.finalStage(), buildDir);
		try (Stream<Path> files = Files.list(storageDir())) {
			this.storageAfterBuild = files.toList();
		}
		this.port = freePort();
		this.log = this.root.resolve("app.log");
		this.app = entrypoint().start();
		try {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(500)).until(() -> isReady() || !this.app.isAlive());
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Not ready within " + STARTUP + "; log:\n" + logTail(), ex);
		}
		assertThat(this.app.isAlive()).as("still running; log:%n%s", logTail()).isTrue();
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (this.app != null && this.app.isAlive()) {
			this.app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	@Order(1)
	void extractsExactlyTheLayersTheRunStageCopies() throws Exception {
		Path extracted = this.root.resolve("build/workspace/extracted");
		try (Stream<Path> layers = Files.list(extracted)) {
			assertThat(layers.map((layer) -> layer.getFileName().toString()))
				.containsExactlyInAnyOrderElementsOf(listLayers());
		}
		assertThat(this.appDir.resolve(this.dockerfile.finalStage().entrypoint().getLast())).isRegularFile();
		assertThat(this.appDir.resolve("lib")).isDirectory();
	}

	@Test
	@Order(2)
	void trainingLeavesOnlyAReadOnlyCacheBesideTheApplication() throws Exception {
		String cacheFile = TrainingRun.of(this.dockerfile.finalStage()).cacheFile();
		try (Stream<Path> files = Files.list(this.appDir)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactlyInAnyOrder("application.jar",
					"lib", cacheFile);
		}
		assertThat(Files.getPosixFilePermissions(this.appDir.resolve(cacheFile)))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
					PosixFilePermission.OTHERS_READ);
		assertThat(this.storageAfterBuild).as("written to %s by the build", storageDir()).isEmpty();
	}

	@Test
	@Order(3)
	void theEntrypointUsesTheTrainedCacheAlsoWithASmallerHeap() throws Exception {
		assertThat(Files.readString(this.log)).as("the running entrypoint's log").doesNotContain("AOT cache");
		// AOTMode=on turns "cannot use the cache" from a warning into a failed start.
		for (String heap : List.of("", " -Xmx128m")) {
			List<String> command = new ArrayList<>(this.dockerfile.finalStage().entrypoint());
			command.addAll(1, List.of("-XX:AOTMode=on", "-Dspring.context.exit=onRefresh"));
			ProcessBuilder strict = container(command, this.root.resolve("strict.log"));
			strict.environment().merge("JAVA_TOOL_OPTIONS", heap, String::concat);
			Process process = strict.start();
			assertThat(process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("exit code with JAVA_TOOL_OPTIONS=%s; log:%n%s",
					strict.environment().get("JAVA_TOOL_OPTIONS"), Files.readString(this.root.resolve("strict.log")))
				.isZero();
		}
	}

	@Test
	@Order(4)
	void servesTheProbeAndMetricsPathsTheHelmChartUses() throws Exception {
		YamlTree values = YamlTree.load(Path.of("helm/pagewise/values.yaml"));
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			String path = values.string(probe, "httpGet", "path");
			assertThat(get(path)).as(path).extracting(HttpResponse::statusCode).isEqualTo(200);
		}
		HttpResponse<String> prometheus = get(values.string("serviceMonitor", "path"));
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_memory_max_bytes");
	}

	@Test
	@Order(5)
	void healthcheckCommandPassesOnceReady() throws Exception {
		assertThat(healthcheck().waitFor()).as("HEALTHCHECK exit code").isZero();
	}

	@Test
	@Order(6)
	void shutsDownGracefullyOnSigtermAndTheHealthcheckThenFails() throws Exception {
		this.app.destroy();
		long grace = this.config.shutdownPhase().plusSeconds(5).toSeconds();
		assertThat(this.app.waitFor(grace, TimeUnit.SECONDS)).as("exited within %ss", grace).isTrue();
		// 128 + SIGTERM: the JVM ran its shutdown hooks and exited because of the signal, not a kill.
		assertThat(this.app.exitValue()).isEqualTo(143);
		assertThat(Files.readString(this.log)).contains("Commencing graceful shutdown", "Graceful shutdown complete");
		assertThat(healthcheck().waitFor()).as("HEALTHCHECK exit code").isNotZero();
	}

	/** Runs the build stage's steps from the one that packages the jar on; Maven has just done the packaging. */
	private Path performBuildStage(Stage build) throws Exception {
		Path workdir = inside(this.root.resolve("build"), build.last("WORKDIR").orElseThrow().arguments());
		Files.createDirectories(workdir.resolve("target"));
		boolean packaged = false;
		for (Instruction run : build.all("RUN")) {
			if (run.arguments().startsWith("./mvnw") && run.arguments().contains(" package")) {
				Files.copy(packagedJar(), workdir.resolve("target").resolve(packagedJar().getFileName()));
				packaged = true;
			}
			else if (packaged) {
				shell(run.arguments(), workdir);
			}
		}
		assertThat(packaged).as("the build stage packages with ./mvnw").isTrue();
		return this.root.resolve("build");
	}

	/**
	 * Copies the application's layers and runs the steps on them in order; the operating-system set-up before the
	 * first copy (packages, the user) is left to this machine.
	 */
	private Path performRunStage(Stage run, Path buildRoot) throws Exception {
		Path runRoot = this.root.resolve("run");
		Path workdir = inside(runRoot, run.last("WORKDIR").orElseThrow().arguments());
		Files.createDirectories(workdir);
		Files.createDirectories(storageDir());
		Map<String, String> env = new LinkedHashMap<>();
		boolean copied = false;
		for (Instruction instruction : run.instructions()) {
			if (instruction.is("COPY")) {
				copy(Copy.of(instruction.arguments()), buildRoot, workdir);
				copied = true;
			}
			else if (instruction.is("ENV")) {
				env.putAll(instruction.variables());
			}
			else if (instruction.is("RUN") && copied) {
				shell(instruction.arguments(), workdir, containerEnvironment(env));
			}
		}
		return workdir;
	}

	private void copy(Copy copy, Path buildRoot, Path workdir) throws IOException {
		assertThat(copy.from()).isEqualTo("build");
		Path source = inside(buildRoot, copy.sources().getFirst());
		assertThat(source).as("COPY --from=build %s", copy.sources().getFirst()).isDirectory();
		copyTree(source, workdir.resolve(copy.destination()).normalize());
	}

	private ProcessBuilder entrypoint() {
		return container(this.dockerfile.finalStage().entrypoint(), this.log);
	}

	/** A command started like the container's: in its WORKDIR, with its ENV and nothing from this machine. */
	private ProcessBuilder container(List<String> execForm, Path output) {
		List<String> command = new ArrayList<>(execForm);
		assertThat(command.getFirst()).isEqualTo("java");
		command.set(0, javaHome().resolve("bin/java").toString());
		ProcessBuilder process = new ProcessBuilder(command).directory(this.appDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		Map<String, String> env = process.environment();
		// A container's environment: the stage's ENV and nothing from this machine, e.g. no INFERENCE_API_KEY.
		env.clear();
		env.putAll(containerEnvironment(this.dockerfile.finalStage().env()));
		env.put("SERVER_PORT", String.valueOf(this.port));
		return process;
	}

	/** The stage's ENV with its storage directory mapped into the temporary root, and this JDK on the PATH. */
	private Map<String, String> containerEnvironment(Map<String, String> stageEnv) {
		Map<String, String> env = new LinkedHashMap<>(stageEnv);
		env.put("PATH", javaHome().resolve("bin") + ":/usr/bin:/bin");
		if (env.containsKey("PAGEWISE_STORAGE_DIR")) {
			env.put("PAGEWISE_STORAGE_DIR", storageDir().toString());
		}
		return env;
	}

	private Path storageDir() {
		return inside(this.root.resolve("run"), this.dockerfile.finalStage().env().get("PAGEWISE_STORAGE_DIR"));
	}

	private Process healthcheck() throws IOException {
		ProcessBuilder check = new ProcessBuilder(this.dockerfile.finalStage().healthcheck().command())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		check.environment().put("SERVER_PORT", String.valueOf(this.port));
		return check.start();
	}

	private boolean isReady() {
		try {
			return get(this.config.actuatorPath("health/readiness")).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(5))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private List<String> listLayers() throws Exception {
		Process list = new ProcessBuilder(javaHome().resolve("bin/java").toString(), "-Djarmode=tools", "-jar",
				packagedJar().toString(), "list-layers")
			.redirectErrorStream(true)
			.start();
		String output = new String(list.getInputStream().readAllBytes());
		assertThat(list.waitFor()).isZero();
		return output.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	private void shell(String command, Path workdir) throws Exception {
		Map<String, String> env = new LinkedHashMap<>(System.getenv());
		// As in the build image, `java` is the JDK's.
		env.put("PATH", javaHome().resolve("bin") + ":" + System.getenv("PATH"));
		shell(command, workdir, env);
	}

	private void shell(String command, Path workdir, Map<String, String> env) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).directory(workdir.toFile())
			.redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as("RUN %s%n%s", command, output).isZero();
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** The Spring Boot jar `package` produced (not the plain `.jar.original`). */
	private static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			List<Path> jars = files.filter((file) -> file.getFileName().toString().endsWith(".jar")).toList();
			assertThat(jars).as("packaged jars in target/").hasSize(1);
			return jars.getFirst().toAbsolutePath();
		}
	}

	private static Path javaHome() {
		return Path.of(System.getProperty("java.home"));
	}

	/** Where a container path lives under a stage's temporary root. */
	private static Path inside(Path stageRoot, String containerPath) {
		return stageRoot.resolve(containerPath.replaceAll("^/+", "")).normalize();
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path destination = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(file, destination);
				}
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
