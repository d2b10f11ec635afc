package io.pagewise.search;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The first stage sits below collections and answers: it may use page texts and documents, nothing above them. */
class SearchDependenciesTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.pagewise");

	@Test
	void searchDependsOnlyOnPageAndDocument() {
		noClasses().that()
			.resideInAPackage("io.pagewise.search..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.pagewise.collection..", "io.pagewise.answer..", "io.pagewise.rerank..",
					"io.pagewise.inference..", "io.pagewise.system..")
			.check(CLASSES);
	}

	@Test
	void theTextLayerDependsOnlyOnDocument() {
		noClasses().that()
			.resideInAPackage("io.pagewise.page.text..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.pagewise.search..", "io.pagewise.collection..", "io.pagewise.answer..",
					"io.pagewise.rerank..", "io.pagewise.inference..", "io.pagewise.system..")
			.check(CLASSES);
	}

}
