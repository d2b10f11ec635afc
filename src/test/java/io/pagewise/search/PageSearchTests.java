package io.pagewise.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.document.TestDocuments;
import io.pagewise.page.text.PageText;
import io.pagewise.page.text.PageTexts;
import io.pagewise.page.text.TestTexts;
import io.pagewise.page.text.TextPdfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageSearchTests {

	@TempDir
	private Path dir;

	private Documents documents;

	private SimpleMeterRegistry registry;

	private PageTexts texts;

	private PageIndex index;

	private PageSearch search;

	@BeforeEach
	void start() {
		this.documents = TestDocuments.onDisk(this.dir.resolve("data"), (event) -> {
			if (event instanceof Documents.DocumentDeleted deleted) {
				this.search.deleted(deleted);
			}
		});
		open();
	}

	@AfterEach
	void stop() throws Exception {
		this.texts.destroy();
		this.index.destroy();
	}

	@Test
	void searchFindsThePageWithTheQueryWordsBestFirst() {
		String report = stored("Cover page of the annual report", "Revenue by region and segment",
				"Operating revenue grew in the third quarter; revenue guidance raised");
		this.search.index(report);
		List<PageHit> hits = this.search.search("third quarter revenue", List.of(report), 10);
		assertThat(hits).extracting(PageHit::page).containsExactly(3, 2);
		assertThat(hits).allSatisfy((hit) -> assertThat(hit.documentId()).isEqualTo(report));
		assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
	}

	@Test
	void searchIsLimitedToTheNamedDocuments() {
		String a = stored("Pump maintenance schedule for the north plant");
		String b = stored("Pump maintenance schedule for the south plant");
		this.search.index(a);
		this.search.index(b);
		assertThat(this.search.search("pump maintenance", List.of(b), 10)).extracting(PageHit::documentId)
			.containsExactly(b);
		assertThat(this.search.search("pump maintenance", Set.of(a, b), 10)).hasSize(2);
		assertThat(this.search.search("pump maintenance", List.of(a, b), 1)).hasSize(1);
	}

	@Test
	void nothingMatchingGivesNothing() {
		String a = stored("Pump maintenance schedule");
		this.search.index(a);
		assertThat(this.search.search("zebra", List.of(a), 10)).isEmpty();
		assertThat(this.search.search("pump", List.of(), 10)).isEmpty();
		assertThat(this.search.search("pump", List.of("b".repeat(64)), 10)).isEmpty();
		assertThat(this.search.search("  ?! ", List.of(a), 10)).isEmpty();
		assertThat(this.search.textlessPages(List.of(), 10)).isEmpty();
	}

	@Test
	void removeTakesTheDocumentOutOfTheIndexAndDeletingItDoesSoToo() {
		String a = stored("Boiler pressure readings");
		String b = stored("Boiler pressure limits");
		this.search.index(a);
		this.search.index(b);
		this.search.remove(a);
		assertThat(this.search.search("boiler", List.of(a, b), 10)).extracting(PageHit::documentId)
			.containsExactly(b);
		this.documents.delete(DocumentId.of(b));
		assertThat(this.search.search("boiler", List.of(a, b), 10)).isEmpty();
	}

	@Test
	void textlessPagesComeRoundRobinAcrossDocuments() {
		String a = stored("", "Plenty of words on this page, more than twenty letters", "");
		String b = stored("", "");
		this.search.index(a);
		this.search.index(b);
		List<PageRef> textless = this.search.textlessPages(List.of(a, b), 10);
		String first = (a.compareTo(b) < 0) ? a : b;
		String second = first.equals(a) ? b : a;
		assertThat(textless).containsExactly(new PageRef(first, 1), new PageRef(second, 1), new PageRef(b, 2),
				new PageRef(a, 3));
		assertThat(this.search.textlessPages(List.of(a, b), 2)).hasSize(2);
		assertThat(this.search.textlessPages(List.of(a), 10)).containsExactly(new PageRef(a, 1), new PageRef(a, 3));
	}

	@Test
	void rankDocumentScoresEveryPageWithZeroForPagesWithoutTheWords() {
		String a = stored("Introduction", "Turbine blade inspection", "Appendix", "Turbine blade turbine blade");
		List<PageHit> ranking = this.search.rankDocument(a, "turbine blade");
		assertThat(ranking).extracting(PageHit::page).containsExactly(4, 2, 1, 3);
		assertThat(ranking.get(0).score()).isGreaterThan(ranking.get(1).score());
		assertThat(ranking.subList(2, 4)).extracting(PageHit::score).containsOnly(0f);
		assertThat(this.search.rankDocument(a, "...")).extracting(PageHit::score).containsOnly(0f);
	}

	@Test
	void rankingADocumentDeletedThroughAnotherReplicaIsNotFoundAndDropsItFromTheIndex() {
		String elsewhere = "d".repeat(64);
		this.index.put(elsewhere, List.of(new PageText(1, "Gearbox oil analysis", false)));
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> this.search.rankDocument(elsewhere, "gearbox"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThat(this.search.search("gearbox", List.of(elsewhere), 10)).isEmpty();
	}

	@Test
	void theIndexSurvivesARestartWithoutExtractingOrIndexingAgain() throws Exception {
		String a = stored("Ledger of the harbour office");
		this.search.index(a);
		stop();
		open();
		assertThat(this.search.search("harbour", List.of(a), 10)).extracting(PageHit::page).containsExactly(1);
		this.search.index(a);
		assertThat(this.registry.get("pagewise.text.extraction").timer().count()).isZero();
	}

	@Test
	void indexingADocumentThatIsNotStoredFails() {
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> this.search.index("c".repeat(64)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> this.search.index("../etc"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("invalid-document-id"));
	}

	private void open() {
		this.registry = new SimpleMeterRegistry();
		this.texts = TestTexts.of(this.documents, this.registry);
		this.index = new PageIndex(this.dir.resolve("index"));
		this.search = new PageSearch(this.index, this.texts, this.documents, new SearchProperties(null, 256),
				this.registry);
	}

	private String stored(String... pages) {
		Path pdf = TextPdfs.write(this.dir.resolve("doc-" + System.nanoTime() + ".pdf"), pages);
		return this.documents.store(() -> Files.newInputStream(pdf)).id().value();
	}

}
