package io.pagewise;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the feature packages honest: no cycles, no feature reaching into another's internals, and every
 * dependency pointing down the pipeline (answer → rerank → inference / page → document; system → anything,
 * nothing → system).
 */
class ModularityTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.pagewise");

	@Test
	void modulesHaveNoCyclesAndUseOnlyEachOthersPublicTypes() {
		ApplicationModules.of(PagewiseApplication.class).verify();
	}

	@Test
	void documentDependsOnNoOtherFeature() {
		assertNoDependency("document", "page", "inference", "rerank", "answer", "system");
	}

	@Test
	void pageDependsOnlyOnDocument() {
		assertNoDependency("page", "inference", "rerank", "answer", "system");
	}

	@Test
	void inferenceAndRerankNeverDependOnAnswers() {
		assertNoDependency("inference", "page", "rerank", "answer", "system");
		assertNoDependency("rerank", "answer", "system");
	}

	@Test
	void answerDoesNotDependOnSystem() {
		assertNoDependency("answer", "system");
	}

	private static void assertNoDependency(String feature, String... forbidden) {
		String[] packages = java.util.Arrays.stream(forbidden).map((name) -> "io.pagewise." + name + "..")
			.toArray(String[]::new);
		noClasses().that()
			.resideInAPackage("io.pagewise." + feature + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(packages)
			.allowEmptyShould(true)
			.check(CLASSES);
	}

}
