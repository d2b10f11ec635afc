package io.pagewise.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pagewise.deploy.Dockerfile.Healthcheck;
import io.pagewise.deploy.Dockerfile.Instruction;
import io.pagewise.deploy.Dockerfile.Stage;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Dockerfile must say; {@link DockerfileIT} then performs its extract and run steps on the packaged jar.
 */
class DockerfileTests {

	private final Dockerfile dockerfile = Dockerfile.parse(Path.of("Dockerfile"));

	private final Stage build = this.dockerfile.stage("build");

	private final Stage run = this.dockerfile.finalStage();

	@Test
	void buildsOnAJdkAndRunsOnAJreOfOnePinnedTemurinRelease() {
		assertThat(this.dockerfile.stages()).hasSize(2);
		assertThat(this.dockerfile.globalArgs().get("TEMURIN_VERSION")).matches("\\d+\\.\\d+\\.\\d+_\\d+");
		String version = this.dockerfile.globalArgs().get("TEMURIN_VERSION");
		assertThat(this.build.image()).isEqualTo("eclipse-temurin:" + version + "-jdk-noble");
		assertThat(this.run.image()).isEqualTo("eclipse-temurin:" + version + "-jre-noble");
		assertThat(this.dockerfile.stages()).extracting(Stage::image)
			.allSatisfy((image) -> assertThat(image).matches("[^:@]+(:[\\w.-]+)?(@sha256:[0-9a-f]{64})?")
				.containsAnyOf(":", "@sha256:")
				.doesNotEndWith(":latest"));
	}

	@Test
	void cachesDependenciesInTheirOwnLayerBeforeCopyingSources() {
		List<Instruction> steps = this.build.instructions();
		int copyPom = indexOf(steps, "COPY", "pom.xml");
		int goOffline = indexOf(steps, "RUN", "./mvnw ", " dependency:go-offline");
		int copySources = indexOf(steps, "COPY", "src/");
		int packageJar = indexOf(steps, "RUN", "./mvnw ", " -DskipTests package");
		assertThat(List.of(copyPom, goOffline, copySources, packageJar)).allMatch((index) -> index >= 0).isSorted();
	}

	@Test
	void extractsTheLayeredLayoutAndCopiesEachLayerSeparately() {
		assertThat(this.build.all("RUN")).extracting(Instruction::arguments)
			.anyMatch((command) -> command.startsWith("java -Djarmode=tools -jar ")
					&& command.contains(" extract --layers ") && command.contains("--destination extracted"));
		assertThat(this.run.copies()).filteredOn((copy) -> copy.from().equals("build"))
			.extracting((copy) -> copy.sources().getFirst())
			.containsExactly("/workspace/extracted/dependencies/", "/workspace/extracted/spring-boot-loader/",
					"/workspace/extracted/snapshot-dependencies/", "/workspace/extracted/application/");
	}

	@Test
	void runsAsAFixedNonRootUserThatOwnsTheDataDirectory() {
		String user = this.run.last("USER").orElseThrow().arguments();
		assertThat(user).matches("\\d+(:\\d+)?");
		String uid = user.split(":")[0];
		assertThat(Integer.parseInt(uid)).isGreaterThanOrEqualTo(10000);
		String setup = runStep("useradd");
		assertThat(setup).contains("--uid " + uid).contains("chown " + user + " " + storageDir());
		assertThat(this.run.instructions().indexOf(this.run.last("USER").orElseThrow()))
			.isGreaterThan(this.run.instructions().indexOf(this.run.all("RUN").getLast()));
	}

	@Test
	void installsThePdfFallbackFontsWithoutRecommendsAndDropsAptLists() {
		String install = runStep("apt-get install");
		assertThat(install).contains("--no-install-recommends")
			.contains("fontconfig", "fonts-dejavu-core", "fonts-liberation", "fonts-noto-cjk")
			.contains("rm -rf /var/lib/apt/lists/*");
	}

	@Test
	void sizesTheHeapFromTheContainerLimitAndOutlivesADocumentsOutOfMemoryError() {
		Map<String, String> env = this.run.env();
		assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75")
			// These act before any catch: a hostile PDF would end the JVM instead of getting its 422.
			.doesNotContain("ExitOnOutOfMemoryError", "CrashOnOutOfMemoryError", "OnOutOfMemoryError=")
			// A heap dump would hold users' documents.
			.doesNotContain("HeapDumpOnOutOfMemoryError");
		assertThat(env.get("PAGEWISE_STORAGE_DIR")).isEqualTo("/data");
	}

	@Test
	void exposesTheAppPortAndChecksReadinessOnIt() {
		assertThat(this.run.last("EXPOSE").orElseThrow().arguments()).isEqualTo("8080");
		Healthcheck healthcheck = this.run.healthcheck();
		assertThat(healthcheck.options()).containsKeys("interval", "timeout", "start-period", "retries");
		assertThat(healthcheck.command().getFirst()).isEqualTo("bash");
		assertThat(String.join(" ", healthcheck.command())).contains("${SERVER_PORT:-8080}")
			.contains(ApplicationConfig.load().actuatorPath("health/readiness"));
	}

	@Test
	void startsTheExtractedApplicationInExecFormWithItsAotCache() {
		assertThat(this.run.entrypoint()).containsExactly("java", "-XX:AOTCache=app.aot", "-jar", "application.jar");
		assertThat(this.run.last("WORKDIR").orElseThrow().arguments()).isEqualTo("/app");
	}

	@Test
	void trainsTheAotCacheForTheEntrypointsClasspathInTheSameDirectory() {
		TrainingRun training = TrainingRun.of(this.run);
		List<String> entrypoint = this.run.entrypoint();
		assertThat(training.jvmArguments()).contains("-Dspring.context.exit=onRefresh");
		// A relative file in the one WORKDIR: the training run writes exactly what the ENTRYPOINT maps.
		assertThat(this.run.all("WORKDIR")).hasSize(1);
		assertThat(training.cacheFile()).doesNotStartWith("/");
		assertThat(entrypoint).contains("-XX:AOTCache=" + training.cacheFile());
		// The cache is only used with the classpath it was trained on: the same `-jar` and nothing else.
		assertThat(training.fromJar()).isEqualTo(entrypoint.subList(entrypoint.indexOf("-jar"), entrypoint.size()));
		assertThat(training.jvmArguments()).noneMatch((argument) -> argument.matches("-cp|-classpath|--class-path"));
		assertThat(entrypoint).noneMatch((argument) -> argument.matches("-cp|-classpath|--class-path"));
		// A cache the JVM cannot use must fall back to a normal start, never fail it (AOTMode=on would).
		assertThat(entrypoint).noneMatch((argument) -> argument.startsWith("-XX:AOTMode"));
		assertThat(this.run.env().get("JAVA_TOOL_OPTIONS")).doesNotContain("AOTCache");
	}

	@Test
	void trainsWithTheRuntimeFlagsAfterTheApplicationLayersAndBeforeDroppingRoot() {
		List<Instruction> steps = this.run.instructions();
		int training = steps.indexOf(TrainingRun.of(this.run).instruction());
		int lastCopy = steps.indexOf(this.run.all("COPY").getLast());
		int jvmFlags = steps.indexOf(this.run.all("ENV")
			.stream()
			.filter((env) -> env.arguments().contains("JAVA_TOOL_OPTIONS="))
			.findFirst()
			.orElseThrow());
		int user = steps.indexOf(this.run.last("USER").orElseThrow());
		assertThat(List.of(lastCopy, jvmFlags, training, user)).doesNotHaveDuplicates().isSorted();
	}

	@Test
	void trainsOnACompressedOopsHeapAndLeavesOnlyAReadOnlyCache() {
		TrainingRun training = TrainingRun.of(this.run);
		// 32 GB and more turn compressed oops off, and a cache trained so is rejected by every smaller heap.
		String xmx = training.jvmArguments()
			.stream()
			.filter((argument) -> argument.startsWith("-Xmx"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the training run pins its heap (-Xmx)"));
		assertThat(DataSize.parse(xmx.substring(4).toUpperCase(Locale.ROOT) + "B").toGigabytes()).isLessThan(32);
		String scratch = training.environment().get("PAGEWISE_STORAGE_DIR");
		assertThat(scratch).as("documents of the training run go to a scratch directory").isNotNull().doesNotStartWith("/");
		assertThat(training.jvmArguments()).contains("-Djava.io.tmpdir=" + scratch);
		assertThat(training.commands()).containsSubsequence(List.of("mkdir", scratch), training.command(),
				List.of("rm", "-r", scratch), List.of("chmod", "0444", training.cacheFile()));
	}

	@Test
	void buildContextHoldsWhatTheBuildCopiesAndNothingLocal() {
		DockerIgnore ignore = DockerIgnore.load(Path.of(".dockerignore"));
		List<String> fromContext = this.dockerfile.stages()
			.stream()
			.flatMap((stage) -> stage.copies().stream())
			.filter((copy) -> copy.from().isEmpty())
			.flatMap((copy) -> copy.sources().stream())
			.toList();
		assertThat(fromContext).isNotEmpty().allSatisfy((source) -> {
			assertThat(Path.of(source)).exists();
			assertThat(ignore.excludes(source)).as("%s excluded by .dockerignore", source).isFalse();
		});
		assertThat(ignore.excludes("src/main/java/io/pagewise/PagewiseApplication.java")).isFalse();
		assertThat(ignore.excludes(".mvn/wrapper/maven-wrapper.properties")).isFalse();
		assertThat(List.of("target/pagewise.jar", "data/documents/ab/x.pdf", ".git/HEAD", "helm/pagewise/values.yaml",
				"src/test/java/io/pagewise/deploy/DockerfileTests.java", ".env", "docker-compose.yml"))
			.allSatisfy((local) -> assertThat(ignore.excludes(local)).as(local).isTrue());
	}

	@Test
	void dockerIgnoreMatchesLikeTheBuilder() {
		DockerIgnore ignore = new DockerIgnore(List.of(DockerIgnore.Rule.of("*"), DockerIgnore.Rule.of("!src/"),
				DockerIgnore.Rule.of("src/test/"), DockerIgnore.Rule.of("**/*.log")));
		assertThat(ignore.excludes("pom.xml")).isTrue();
		assertThat(ignore.excludes("src/main/A.java")).isFalse();
		assertThat(ignore.excludes("src/test/A.java")).isTrue();
		assertThat(ignore.excludes("src/main/debug.log")).isTrue();
	}

	private String storageDir() {
		return this.run.env().get("PAGEWISE_STORAGE_DIR");
	}

	private String runStep(String containing) {
		return this.run.all("RUN")
			.stream()
			.map(Instruction::arguments)
			.filter((command) -> command.contains(containing))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No RUN with " + containing));
	}

	private static int indexOf(List<Instruction> steps, String keyword, String... argumentsContaining) {
		for (int i = 0; i < steps.size(); i++) {
			if (steps.get(i).is(keyword) && List.of(argumentsContaining).stream().allMatch(steps.get(i).arguments()::contains)) {
				return i;
			}
		}
		return -1;
	}

}
