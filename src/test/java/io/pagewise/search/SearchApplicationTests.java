package io.pagewise.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.page.PageRenderer;
import io.pagewise.page.text.PageTexts;
import io.pagewise.page.text.TextPdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application wired as in production: an upload is rendered by the real renderer, its text extracted after the
 * render, found by a lexical ranking without any upstream, and gone from the index once the document is deleted.
 */
@SpringBootTest
class SearchApplicationTests {

	@TempDir
	static Path storage;

	@Autowired
	private Documents documents;

	@Autowired
	private PageRenderer renderer;

	@Autowired
	private PageTexts texts;

	@Autowired
	private PageSearch search;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
	}

	@Test
	void anUploadIsRankedLexicallyAndLeavesTheIndexWhenDeleted() throws Exception {
		Path pdf = TextPdfs.write(storage.resolve("upload.pdf"), "Contents", "Safety valve test procedure",
				"Valve maintenance log");
		DocumentId id = DocumentId.of(this.renderer.ingest(() -> Files.newInputStream(pdf)).summary().id());
		await().atMost(Duration.ofSeconds(60)).until(() -> this.texts.stored(id).isPresent());
		List<PageHit> ranking = this.search.rankDocument(id.value(), "safety valve");
		assertThat(ranking).extracting(PageHit::page).containsExactly(2, 3, 1);
		assertThat(Files.isDirectory(storage.resolve("index"))).isTrue();
		this.documents.delete(id);
		assertThat(this.search.search("valve", List.of(id.value()), 10)).isEmpty();
	}

}
