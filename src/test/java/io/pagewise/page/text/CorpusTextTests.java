package io.pagewise.page.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text layers of real PDFs from the shared corpus (Chinese, Japanese, Korean, Arabic, a scan).
 * {@code PAGEWISE_CORPUS_DIR} (or {@code -Dpagewise.corpus.dir}) names the corpus directory, as for CorpusTests.
 */
@EnabledIf(value = "corpusPresent",
		disabledReason = "set PAGEWISE_CORPUS_DIR (or -Dpagewise.corpus.dir) to the corpus directory to run it")
class CorpusTextTests {

	private final TextExtractor extractor = new TextExtractor(TextProperties.defaults().maxCharsPerPage());

	@Test
	void chineseReportPageThreeHoldsOperatingRevenue() throws IOException {
		List<String> pages = pages("fin_cn_q1_2018_report.pdf");
		assertThat(pages).hasSize(22);
		assertThat(pages.get(2)).contains("营业收入").contains("-16.55%");
	}

	@Test
	void japaneseStatementHoldsTotalNetAssets() throws IOException {
		assertThat(pages("fin_jp_kyokuyo_kessan_tanshin.pdf").get(0)).contains("純資産合計").contains("18,683");
	}

	@Test
	void koreanManualIsReadAsHangul() throws IOException {
		String text = String.join("\n", pages("large_ko_lshort.pdf").subList(0, 10));
		assertThat(text.codePoints().filter((cp) -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL))
			.hasSizeGreaterThan(200);
	}

	@Test
	void arabicResultsAreReadAsArabic() throws IOException {
		String text = pages("arabic_mednine_election_results.pdf").get(0);
		assertThat(text.codePoints().filter((cp) -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.ARABIC))
			.hasSizeGreaterThan(50);
	}

	@Test
	void aScanHasNoText() throws IOException {
		assertThat(pages("scan_huckfinn_page22.pdf")).containsExactly("");
	}

	private List<String> pages(String file) throws IOException {
		TextExtractor.Extracted extracted = this.extractor.extract(corpusDir().resolve("real").resolve(file), () -> false);
		assertThat(extracted.complete()).isTrue();
		return extracted.pages();
	}

	static boolean corpusPresent() {
		Path dir = corpusDir();
		return dir != null && Files.isDirectory(dir.resolve("real"));
	}

	private static @Nullable Path corpusDir() {
		String dir = System.getProperty("pagewise.corpus.dir", System.getenv("PAGEWISE_CORPUS_DIR"));
		return (dir != null) ? Path.of(dir) : null;
	}

}
