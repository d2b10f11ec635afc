package io.pagewise.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.pagewise.PagewiseException;
import io.pagewise.page.text.PageText;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageIndexTests {

	private static final String ID = "e".repeat(64);

	@TempDir
	private Path dir;

	@Test
	void anIndexWrittenWithAnotherAnalysisVersionIsRebuiltEmpty() throws IOException {
		PageIndex index = new PageIndex(this.dir);
		index.put(ID, List.of(new PageText(1, "hello", false), new PageText(2, "world", false)));
		assertThat(index.pageCount(ID)).hasValue(2);
		index.destroy();
		try (FSDirectory directory = FSDirectory.open(this.dir);
				IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
			writer.setLiveCommitData(Map.of("pagewise.index.version", "0").entrySet());
			writer.commit();
		}
		PageIndex reopened = new PageIndex(this.dir);
		try {
			assertThat(reopened.pageCount(ID)).isEmpty();
		}
		finally {
			reopened.destroy();
		}
	}

	@Test
	void anIndexAnotherProcessHoldsIsUnavailableNotAFailureOfTheService() throws IOException {
		PageIndex first = new PageIndex(this.dir);
		PageIndex second = new PageIndex(this.dir);
		try {
			first.put(ID, List.of(new PageText(1, "hello", false)));
			assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> second.pageCount(ID))
				.satisfies((ex) -> {
					assertThat(ex.code()).isEqualTo("search-unavailable");
					assertThat(ex.getStatusCode().value()).isEqualTo(503);
				});
		}
		finally {
			first.destroy();
			second.destroy();
		}
	}

}
