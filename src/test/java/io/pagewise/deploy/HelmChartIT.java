package io.pagewise.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Helm chart, linted and rendered by the real Helm engine in-process (helm-java), and checked against the
 * application and the image it deploys. An integration test in its own JVM: once Helm's Go library is loaded, the
 * JVM can no longer attach agents to itself, which Mockito needs in every later test of that JVM.
 */
class HelmChartIT {

	private static final Path CHART = Path.of("helm/pagewise");

	private final Helm helm = new Helm(CHART);

	private final ApplicationConfig app = ApplicationConfig.load();

	private final Dockerfile.Stage image = Dockerfile.parse(Path.of("Dockerfile")).finalStage();

	@TempDir
	Path temp;

	@Test
	void passesStrictLint() {
		LintResult lint = this.helm.lint().strict().call();
		assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
		assertThat(lint.getMessages()).noneMatch((message) -> message.contains("[WARNING]") || message.contains("[ERROR]"));
	}

	@Test
	void probesTheActuatorGroupsTheApplicationEnables() {
		YamlTree container = container(render());
		assertThat(this.app.probesEnabled()).isTrue();
		assertThat(container.string("livenessProbe", "httpGet", "path")).isEqualTo(this.app.actuatorPath("health/liveness"));
		assertThat(container.string("startupProbe", "httpGet", "path")).isEqualTo(this.app.actuatorPath("health/liveness"));
		assertThat(container.string("readinessProbe", "httpGet", "path")).isEqualTo(this.app.actuatorPath("health/readiness"));
		assertThat(List.of("livenessProbe", "readinessProbe", "startupProbe"))
			.allSatisfy((probe) -> assertThat(container.string(probe, "httpGet", "port")).isEqualTo("http"));
		assertThat(container.string("ports", 0, "name")).isEqualTo("http");
		assertThat(container.string("ports", 0, "containerPort")).isEqualTo(this.image.last("EXPOSE").orElseThrow().arguments());
	}

	@Test
	void runsHardenedAsTheImagesUser() {
		List<YamlTree> manifests = render();
		YamlTree pod = deployment(manifests).at("spec", "template", "spec");
		YamlTree container = container(manifests);
		String uid = this.image.last("USER").orElseThrow().arguments().split(":")[0];
		assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
		assertThat(kind(manifests, "ServiceAccount").get("automountServiceAccountToken")).isEqualTo(false);
		assertThat(pod.get("securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat(pod.string("securityContext", "runAsUser")).isEqualTo(uid);
		assertThat(pod.string("securityContext", "fsGroup")).isEqualTo(uid);
		assertThat(container.get("securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(container.get("securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(container.list("securityContext", "capabilities", "drop")).containsExactly("ALL");
		assertThat(container.string("securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
		assertThat(pod.string("securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
		assertThat(mountedVolume(pod, container, "/tmp").has("emptyDir")).isTrue();
		assertThat(container.map("resources", "limits")).containsKey("memory");
	}

	@Test
	void deploysTheAppVersionImageWhichFollowsThePom() throws Exception {
		String appVersion = YamlTree.load(CHART.resolve("Chart.yaml")).string("appVersion");
		assertThat(appVersion).isEqualTo(pomVersion().replace("-SNAPSHOT", ""));
		List<YamlTree> manifests = render();
		assertThat(container(manifests).string("image")).isEqualTo("pagewise:" + appVersion);
		assertThat(container(render("image.tag", "0.1.1")).string("image")).isEqualTo("pagewise:0.1.1");
		assertThat(manifests).flatExtracting(HelmChartIT::images)
			.allSatisfy((image) -> assertThat(image).contains(":").doesNotEndWith(":latest"));
	}

	@Test
	void shipsNoKeyByDefault() {
		assertThat(YamlTree.load(CHART.resolve("values.yaml")).string("inference", "apiKey")).isEmpty();
		List<YamlTree> manifests = render();
		assertThat(manifests).noneMatch((manifest) -> manifest.string("kind").equals("Secret"));
		assertThat(env(container(manifests), "INFERENCE_API_KEY")).isEmpty();
	}

	@Test
	void createsASecretFromAnInstallTimeKeyAndRollsPodsWhenItChanges() {
		String key = "sk-test-7f3a9c";
		String rendered = this.helm.template().withName("demo").set("inference.apiKey", key).call();
		List<YamlTree> manifests = YamlTree.all(rendered);
		YamlTree secret = kind(manifests, "Secret");
		String encoded = secret.string("data", "api-key");
		assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo(key);
		assertThat(rendered).doesNotContain(key);
		YamlTree reference = env(container(manifests), "INFERENCE_API_KEY").orElseThrow().at("valueFrom", "secretKeyRef");
		assertThat(reference.string("name")).isEqualTo(secret.string("metadata", "name"));
		assertThat(reference.string("key")).isEqualTo("api-key");
		assertThat(podAnnotation(manifests, "checksum/secret"))
			.isNotEqualTo(podAnnotation(render("inference.apiKey", "sk-rotated"), "checksum/secret"));
	}

	@Test
	void readsTheKeyFromAnExistingSecret() {
		List<YamlTree> manifests = render("inference.existingSecret", "pagewise-inference",
				"inference.existingSecretKey", "token", "inference.apiKey", "ignored-when-a-secret-is-named");
		assertThat(manifests).noneMatch((manifest) -> manifest.string("kind").equals("Secret"));
		YamlTree reference = env(container(manifests), "INFERENCE_API_KEY").orElseThrow().at("valueFrom", "secretKeyRef");
		assertThat(reference.string("name")).isEqualTo("pagewise-inference");
		assertThat(reference.string("key")).isEqualTo("token");
	}

	@Test
	void readsClientKeysFromAnExistingSecret() {
		YamlTree container = container(render("clientApiKeys.existingSecret", "pagewise-clients"));
		YamlTree reference = env(container, "PAGEWISE_SECURITY_APIKEYS").orElseThrow().at("valueFrom", "secretKeyRef");
		assertThat(reference.string("name")).isEqualTo("pagewise-clients");
		assertThat(reference.string("key")).isEqualTo("api-keys");
	}

	@Test
	void mountsMergedConfigurationAndRollsPodsWhenItChanges() {
		List<YamlTree> manifests = render("config.pagewise.answer.top-pages", "2");
		YamlTree applicationYaml = YamlTree.of(kind(manifests, "ConfigMap").string("data", "application.yaml"));
		assertThat(applicationYaml.string("pagewise", "inference", "base-url")).isEqualTo("https://api.vultrinference.com");
		assertThat(applicationYaml.string("pagewise", "answer", "top-pages")).isEqualTo("2");
		YamlTree container = container(manifests);
		assertThat(env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION").orElseThrow().string("value"))
			.isEqualTo("optional:file:/config/");
		assertThat(mountPath(container, "config")).isEqualTo("/config");
		assertThat(podAnnotation(manifests, "checksum/config")).isNotEqualTo(podAnnotation(render(), "checksum/config"));
	}

	@Test
	void givesGracefulShutdownTimeToFinishAfterThePreStopPause() {
		List<YamlTree> manifests = render();
		YamlTree pod = deployment(manifests).at("spec", "template", "spec");
		List<Object> preStop = container(manifests).list("lifecycle", "preStop", "exec", "command");
		assertThat(this.app.gracefulShutdown()).isTrue();
		long grace = Long.parseLong(pod.string("terminationGracePeriodSeconds"));
		assertThat(grace).isGreaterThanOrEqualTo(Long.parseLong(String.valueOf(preStop.get(1))) + this.app.shutdownPhase().toSeconds());
		assertThatIllegalStateException().isThrownBy(() -> render("terminationGracePeriodSeconds", "30"))
			.withMessageContaining("terminationGracePeriodSeconds");
	}

	@Test
	void keepsDocumentsOnAClaimAndRecreatesThePodOnUpgradeByDefault() {
		List<YamlTree> manifests = render();
		YamlTree claim = kind(manifests, "PersistentVolumeClaim");
		assertThat(claim.list("spec", "accessModes")).containsExactly("ReadWriteOnce");
		YamlTree pod = deployment(manifests).at("spec", "template", "spec");
		YamlTree container = container(manifests);
		String storageDir = env(container, "PAGEWISE_STORAGE_DIR").orElseThrow().string("value");
		assertThat(storageDir).isEqualTo(this.image.env().get("PAGEWISE_STORAGE_DIR"));
		assertThat(mountedVolume(pod, container, storageDir).string("persistentVolumeClaim", "claimName"))
			.isEqualTo(claim.string("metadata", "name"));
		assertThat(deployment(manifests).string("spec", "strategy", "type")).isEqualTo("Recreate");
	}

	@Test
	void keepsDocumentsInAnEmptyDirOnRequestAndRollsUpdates() {
		List<YamlTree> manifests = render("persistence.type", "emptyDir");
		assertThat(manifests).noneMatch((manifest) -> manifest.string("kind").equals("PersistentVolumeClaim"));
		YamlTree pod = deployment(manifests).at("spec", "template", "spec");
		assertThat(mountedVolume(pod, container(manifests), "/data").has("emptyDir")).isTrue();
		assertThat(deployment(manifests).string("spec", "strategy", "type")).isEqualTo("RollingUpdate");
		assertThat(notes("persistence.type", "emptyDir")).contains("LOST whenever the pod restarts");
	}

	@Test
	void refusesSeveralReplicasWithoutSharedStorage() {
		assertThatIllegalStateException().isThrownBy(() -> render("replicaCount", "2"))
			.withMessageContaining("ReadWriteMany")
			.withMessageContaining("storage.type=s3");
		assertThatIllegalStateException().isThrownBy(() -> render("persistence.type", "emptyDir", "autoscaling.enabled", "true"))
			.withMessageContaining("ReadWriteMany");
	}

	@Test
	void autoscalesOnSharedStorage() throws Exception {
		List<YamlTree> manifests = renderValues("""
				persistence:
				  accessModes: [ReadWriteMany]
				autoscaling:
				  enabled: true
				  minReplicas: 2
				  maxReplicas: 4
				""");
		YamlTree hpa = kind(manifests, "HorizontalPodAutoscaler");
		assertThat(hpa.string("spec", "scaleTargetRef", "name")).isEqualTo(deployment(manifests).string("metadata", "name"));
		assertThat(hpa.string("spec", "maxReplicas")).isEqualTo("4");
		assertThat(deployment(manifests).has("spec", "replicas")).isFalse();
		assertThat(deployment(manifests).string("spec", "strategy", "type")).isEqualTo("RollingUpdate");
		assertThat(kind(manifests, "PodDisruptionBudget").string("spec", "maxUnavailable")).isEqualTo("1");
	}

	@Test
	void scalesOutOnObjectStorageAndASharedCacheWithCredentialsFromSecrets() throws Exception {
		List<YamlTree> manifests = renderValues("""
				replicaCount: 3
				storage:
				  type: s3
				  s3:
				    endpoint: https://ewr1.vultrobjects.com
				    bucket: pagewise-documents
				    existingSecret: pagewise-s3
				cache:
				  type: redis
				  redis:
				    existingSecret: pagewise-redis
				""");
		YamlTree deployment = deployment(manifests);
		assertThat(deployment.string("spec", "replicas")).isEqualTo("3");
		assertThat(deployment.string("spec", "strategy", "type")).isEqualTo("RollingUpdate");
		assertThat(manifests).noneMatch((manifest) -> manifest.string("kind").equals("PersistentVolumeClaim"));
		YamlTree pod = deployment.at("spec", "template", "spec");
		YamlTree container = container(manifests);
		assertThat(mountedVolume(pod, container, "/data").has("emptyDir")).as("scratch space only").isTrue();
		assertThat(secretRef(container, "PAGEWISE_STORAGE_S3_ACCESSKEY")).containsExactly("pagewise-s3", "access-key");
		assertThat(secretRef(container, "PAGEWISE_STORAGE_S3_SECRETKEY")).containsExactly("pagewise-s3", "secret-key");
		assertThat(secretRef(container, "SPRING_DATA_REDIS_URL")).containsExactly("pagewise-redis", "url");
		YamlTree applicationYaml = YamlTree.of(kind(manifests, "ConfigMap").string("data", "application.yaml"));
		assertThat(applicationYaml.string("pagewise", "storage", "type")).isEqualTo("s3");
		assertThat(applicationYaml.map("pagewise", "storage", "s3")).containsEntry("bucket", "pagewise-documents")
			.containsEntry("endpoint", "https://ewr1.vultrobjects.com")
			.containsEntry("path-style", true)
			.containsEntry("region", "us-east-1");
		assertThat(applicationYaml.string("pagewise", "cache", "type")).isEqualTo("redis");
		assertThat(applicationYaml.has("spring")).as("the Redis URL comes from the Secret").isFalse();
		assertThat(notes("storage.type", "s3", "storage.s3.bucket", "docs", "cache.type", "redis", "cache.redis.url",
				"redis://redis:6379"))
			.contains("bucket docs; every replica sees them")
			.contains("shared through Redis");
	}

	@Test
	void takesAPlainRedisUrlIntoTheConfiguration() {
		List<YamlTree> manifests = render("cache.type", "redis", "cache.redis.url", "redis://pagewise-redis-master:6379");
		YamlTree applicationYaml = YamlTree.of(kind(manifests, "ConfigMap").string("data", "application.yaml"));
		assertThat(applicationYaml.string("spring", "data", "redis", "url")).isEqualTo("redis://pagewise-redis-master:6379");
		assertThat(env(container(manifests), "SPRING_DATA_REDIS_URL")).isEmpty();
		assertThat(applicationYaml.has("pagewise", "storage")).as("documents stay on the claim").isFalse();
		assertThat(kind(manifests, "PersistentVolumeClaim").list("spec", "accessModes")).containsExactly("ReadWriteOnce");
	}

	@Test
	void refusesObjectStorageWithoutABucketAndARedisCacheWithoutAUrl() {
		assertThatIllegalStateException().isThrownBy(() -> render("storage.type", "s3"))
			.withMessageContaining("storage.s3.bucket");
		assertThatIllegalStateException().isThrownBy(() -> render("cache.type", "redis"))
			.withMessageContaining("cache.redis.url");
	}

	@Test
	void flagsReplicasThatEachCacheForThemselves() {
		assertThat(notes("replicaCount", "2", "storage.type", "s3", "storage.s3.bucket", "docs"))
			.contains("WARNING: each of the 2 replicas caches answers for itself")
			.contains("cache.type=redis");
		assertThat(notes()).doesNotContain("caches answers for itself");
	}

	@Test
	void routesAnIngressToTheService() {
		List<YamlTree> manifests = render("ingress.enabled", "true");
		YamlTree backend = kind(manifests, "Ingress").at("spec", "rules", 0, "http", "paths", 0, "backend", "service");
		YamlTree service = kind(manifests, "Service");
		assertThat(backend.string("name")).isEqualTo(service.string("metadata", "name"));
		assertThat(backend.string("port", "number")).isEqualTo(service.string("spec", "ports", 0, "port"));
		assertThat(service.string("spec", "ports", 0, "targetPort")).isEqualTo("http");
		assertThat(notes("ingress.enabled", "true")).contains("exposes the API without client keys");
	}

	@Test
	void scrapesTheEndpointTheApplicationExposes() {
		List<YamlTree> manifests = render("serviceMonitor.enabled", "true");
		YamlTree endpoint = kind(manifests, "ServiceMonitor").at("spec", "endpoints", 0);
		assertThat(this.app.exposedEndpoints()).contains("prometheus");
		assertThat(endpoint.string("path")).isEqualTo(this.app.actuatorPath("prometheus"));
		assertThat(endpoint.string("port")).isEqualTo(kind(manifests, "Service").string("spec", "ports", 0, "name"));
		assertThat(kind(manifests, "ServiceMonitor").map("spec", "selector", "matchLabels"))
			.isEqualTo(kind(manifests, "Service").map("spec", "selector"));
	}

	@Test
	void withClientKeysTheScrapeSendsOneOrTheNotesWarn() {
		YamlTree endpoint = kind(render("serviceMonitor.enabled", "true", "clientApiKeys.existingSecret", "clients",
				"serviceMonitor.keySecret.name", "scrape"), "ServiceMonitor").at("spec", "endpoints", 0);
		assertThat(endpoint.string("authorization", "type")).isEqualTo("Bearer");
		assertThat(endpoint.string("authorization", "credentials", "name")).isEqualTo("scrape");
		assertThat(endpoint.string("authorization", "credentials", "key")).isEqualTo("key");
		assertThat(notes("serviceMonitor.enabled", "true", "clientApiKeys.existingSecret", "clients"))
			.contains("its scrapes are refused (401)");
	}

	@ParameterizedTest
	@CsvSource({ "replicaCount, two", "replicaCount, 0", "image.tag, latest", "persistence.type, s3",
			"service.port, 70000", "securityContext.allowPrivilegeEscalation, true", "inference.baseUrl, api.example.com",
			"replicas, 2", "storage.type, nfs", "cache.type, memcached", "cache.redis.url, http://redis:6379",
			"storage.s3.endpoint, s3.example.com", "storage.s3.accessKey, AKIA" })
	void schemaRejects(String key, String value) {
		assertThatIllegalStateException().isThrownBy(() -> render(key, value)).withMessageContaining("schema");
	}

	private List<YamlTree> render(String... keysAndValues) {
		TemplateCommand template = this.helm.template().withName("demo");
		for (int i = 0; i < keysAndValues.length; i += 2) {
			template.set(keysAndValues[i], keysAndValues[i + 1]);
		}
		return YamlTree.all(template.call());
	}

	private List<YamlTree> renderValues(String values) throws Exception {
		Path file = Files.writeString(this.temp.resolve("values.yaml"), values);
		return YamlTree.all(this.helm.template().withName("demo").withValuesFile(file).call());
	}

	private String notes(String... keysAndValues) {
		InstallCommand install = this.helm.install().withName("demo").dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			install.set(keysAndValues[i], keysAndValues[i + 1]);
		}
		String output = install.call().getOutput();
		return output.substring(output.indexOf("NOTES:"));
	}

	private static YamlTree kind(List<YamlTree> manifests, String kind) {
		List<YamlTree> matching = manifests.stream().filter((manifest) -> manifest.string("kind").equals(kind)).toList();
		assertThat(matching).as("%s manifests", kind).hasSize(1);
		return matching.getFirst();
	}

	private static YamlTree deployment(List<YamlTree> manifests) {
		return kind(manifests, "Deployment");
	}

	private static YamlTree container(List<YamlTree> manifests) {
		return deployment(manifests).at("spec", "template", "spec", "containers", 0);
	}

	private static String podAnnotation(List<YamlTree> manifests, String name) {
		return deployment(manifests).string("spec", "template", "metadata", "annotations", name);
	}

	private static Optional<YamlTree> env(YamlTree container, String name) {
		return container.trees("env").stream().filter((variable) -> variable.string("name").equals(name)).findFirst();
	}

	/** The Secret name and key an environment variable is read from. */
	private static List<String> secretRef(YamlTree container, String name) {
		YamlTree reference = env(container, name).orElseThrow(() -> new AssertionError("No " + name))
			.at("valueFrom", "secretKeyRef");
		return List.of(reference.string("name"), reference.string("key"));
	}

	private static String mountPath(YamlTree container, String volume) {
		return container.trees("volumeMounts")
			.stream()
			.filter((mount) -> mount.string("name").equals(volume))
			.map((mount) -> mount.string("mountPath"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No mount of " + volume));
	}

	/** The pod volume mounted at this path. */
	private static YamlTree mountedVolume(YamlTree pod, YamlTree container, String path) {
		String name = container.trees("volumeMounts")
			.stream()
			.filter((mount) -> mount.string("mountPath").equals(path))
			.map((mount) -> mount.string("name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Nothing mounted at " + path));
		return pod.trees("volumes").stream().filter((volume) -> volume.string("name").equals(name)).findFirst().orElseThrow();
	}

	private static List<String> images(YamlTree manifest) {
		if (!manifest.has("spec", "template", "spec", "containers")) {
			return List.of();
		}
		return manifest.trees("spec", "template", "spec", "containers").stream().map((c) -> c.string("image")).toList();
	}

	private static String pomVersion() throws Exception {
		var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
		return XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);
	}

}
