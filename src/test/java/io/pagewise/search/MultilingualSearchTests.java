package io.pagewise.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.document.Documents;
import io.pagewise.page.text.PageText;
import io.pagewise.page.text.PageTexts;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** Page texts in Chinese, Japanese, Korean and Arabic (and mixed with Latin) are found by questions in them. */
class MultilingualSearchTests {

	private static final String ZH = "z".repeat(64);

	private static final String JA = "a".repeat(64);

	private static final String KO = "b".repeat(64);

	private static final String AR = "c".repeat(64);

	@TempDir
	private Path dir;

	private PageIndex index;

	private PageSearch search;

	@BeforeEach
	void start() {
		this.index = new PageIndex(this.dir);
		this.search = new PageSearch(this.index, mock(PageTexts.class), mock(Documents.class),
				new SearchProperties(null, 256), new SimpleMeterRegistry());
		this.index.put(ZH, pages("公司简介与主要财务数据", "营业收入（元） 4,755,785.11 5,699,227.63 -16.55%", "现金流量表"));
		this.index.put(JA, pages("連結株主資本等変動計算書 当期末残高 純資産合計 18,683", "セグメント情報 水産商事",
				"適合率と再現率の評価"));
		this.index.put(KO, pages("서론 및 설치 방법", "수식을 입력하는 방법과 표를 만드는 방법", "참고 문헌"));
		this.index.put(AR, pages("نتائج الانتخابات التشريعية في ولاية مدنين", "عدد الأصوات المصرح بها لكل قائمة",
				"مقدمة"));
	}

	@AfterEach
	void stop() throws IOException {
		this.index.destroy();
	}

	@Test
	void chineseQuestionFindsItsPage() {
		assertThat(best("营业收入同比变化了多少？", ZH)).isEqualTo(2);
	}

	@Test
	void japaneseQuestionFindsItsPage() {
		assertThat(best("期末の純資産合計はいくらですか", JA)).isEqualTo(1);
		assertThat(best("適合率", JA)).isEqualTo(3);
		// Half-width katakana folds to the full-width form the page uses.
		assertThat(best("ｾｸﾞﾒﾝﾄ", JA)).isEqualTo(2);
	}

	@Test
	void koreanQuestionFindsItsPage() {
		assertThat(best("표를 만드는 방법", KO)).isEqualTo(2);
	}

	@Test
	void arabicQuestionFindsItsPageWithOrWithoutTheArticleAndDiacritics() {
		assertThat(best("كم عدد الأصوات؟", AR)).isEqualTo(2);
		// "الانتخابات" on the page; asked without the article, in another form of alef, with a vowel mark.
		assertThat(best("انتخابات مَدنين", AR)).isEqualTo(1);
	}

	@Test
	void englishWordsInACjkQuestionStillCount() {
		assertThat(best("What was total net assets (純資産合計) in millions of yen?", JA)).isEqualTo(1);
	}

	@Test
	void cjkTextIsIndexedAsOverlappingCharacterPairs() throws IOException {
		assertThat(terms("营业收入")).containsExactly("营业", "业收", "收入");
		assertThat(terms("ＡＢＣ Déjà")).containsExactly("abc", "deja");
	}

	private int best(String question, String documentId) {
		List<PageHit> hits = this.search.search(question, List.of(ZH, JA, KO, AR), 5);
		assertThat(hits).isNotEmpty();
		assertThat(hits.get(0).documentId()).isEqualTo(documentId);
		return hits.get(0).page();
	}

	private List<String> terms(String text) throws IOException {
		List<String> terms = new ArrayList<>();
		try (TokenStream stream = this.index.analyzer().tokenStream(PageIndex.TEXT, text)) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			stream.reset();
			while (stream.incrementToken()) {
				terms.add(term.toString());
			}
			stream.end();
		}
		return terms;
	}

	private static List<PageText> pages(String... texts) {
		List<PageText> pages = new ArrayList<>();
		for (int i = 0; i < texts.length; i++) {
			pages.add(new PageText(i + 1, texts[i], false));
		}
		return pages;
	}

}
