package io.pagewise.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The chart's catalog database (collections): embedded H2 by default, an external PostgreSQL whose password comes
 * from a Secret. Its own JVM, like {@link HelmChartIT}, for the same reason.
 */
class HelmDatabaseIT {

	private final Helm helm = new Helm(Path.of("helm/pagewise"));

	@Test
	void theDefaultIsTheEmbeddedDatabaseWithNoDatasourceVariables() {
		YamlTree container = container(render());
		assertThat(env(container, "SPRING_DATASOURCE_URL")).isEmpty();
		assertThat(env(container, "SPRING_DATASOURCE_PASSWORD")).isEmpty();
		assertThat(notes()).contains("in an H2 file on the claim");
	}

	@Test
	void anExternalPostgresIsConfiguredByEnvironmentWithThePasswordFromASecret() {
		YamlTree container = container(render("database.type", "postgresql", "database.postgresql.url",
				"jdbc:postgresql://pg:5432/pagewise", "database.postgresql.existingSecret", "pagewise-db"));
		assertThat(env(container, "SPRING_DATASOURCE_URL").orElseThrow().string("value"))
			.isEqualTo("jdbc:postgresql://pg:5432/pagewise");
		assertThat(env(container, "SPRING_DATASOURCE_USERNAME").orElseThrow().string("value")).isEqualTo("pagewise");
		YamlTree password = env(container, "SPRING_DATASOURCE_PASSWORD").orElseThrow().at("valueFrom", "secretKeyRef");
		assertThat(List.of(password.string("name"), password.string("key"))).containsExactly("pagewise-db", "password");
	}

	@Test
	void postgresWithoutAUrlOrWithAnotherSchemeIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> render("database.type", "postgresql"))
			.withMessageContaining("database.postgresql.url");
		assertThatIllegalStateException()
			.isThrownBy(() -> render("database.type", "postgresql", "database.postgresql.url", "postgres://pg/x"));
		assertThatIllegalStateException().isThrownBy(() -> render("database.type", "mysql"));
	}

	@Test
	void theNotesWarnWhenEmbeddedCollectionsAreNotSharedOrNotKept() {
		assertThat(notes("replicaCount", "2", "storage.type", "s3", "storage.s3.bucket", "docs"))
			.contains("WARNING: collections are kept in an H2 file").contains("not shared between the replicas");
		assertThat(notes("persistence.type", "emptyDir")).contains("lost when the pod restarts");
		assertThat(notes("database.type", "postgresql", "database.postgresql.url", "jdbc:postgresql://pg/pagewise"))
			.contains("kept in PostgreSQL").doesNotContain("WARNING: collections");
	}

	private List<YamlTree> render(String... keysAndValues) {
		TemplateCommand template = this.helm.template().withName("demo");
		for (int i = 0; i < keysAndValues.length; i += 2) {
			template.set(keysAndValues[i], keysAndValues[i + 1]);
		}
		return YamlTree.all(template.call());
	}

	private String notes(String... keysAndValues) {
		InstallCommand install = this.helm.install().withName("demo").dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			install.set(keysAndValues[i], keysAndValues[i + 1]);
		}
		String output = install.call().getOutput();
		return output.substring(output.indexOf("NOTES:"));
	}

	private static YamlTree container(List<YamlTree> manifests) {
		YamlTree deployment = manifests.stream()
			.filter((manifest) -> manifest.string("kind").equals("Deployment"))
			.findFirst()
			.orElseThrow();
		return deployment.trees("spec", "template", "spec", "containers").getFirst();
	}

	private static Optional<YamlTree> env(YamlTree container, String name) {
		return container.trees("env").stream().filter((variable) -> variable.string("name").equals(name)).findFirst();
	}

}
