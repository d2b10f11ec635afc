package io.pagewise.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.page.text.DocumentText;
import io.pagewise.page.text.PageTexts;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The lexical first stage: BM25 over page texts, restricted to the documents a caller names. Documents enter the
 * index when first asked for ({@link #index}) and leave it when deleted; the index remembers what it holds, so a
 * restart re-extracts and re-indexes nothing.
 */
@Service
public class PageSearch {

	private static final Logger logger = LoggerFactory.getLogger(PageSearch.class);

	private final PageIndex index;

	private final PageTexts texts;

	private final Documents documents;

	private final int maxQueryTerms;

	private final Timer searches;

	private final ReentrantLock[] locks = new ReentrantLock[64];

	PageSearch(PageIndex index, PageTexts texts, Documents documents, SearchProperties properties,
			MeterRegistry registry) {
		this.index = index;
		this.texts = texts;
		this.documents = documents;
		this.maxQueryTerms = properties.maxQueryTerms();
		this.searches = Timer.builder("pagewise.search.query").description("Lexical first-stage searches")
			.register(registry);
		for (int i = 0; i < this.locks.length; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/**
	 * The pages of these documents that best match {@code query} (BM25), best first; a page without any of the
	 * query's words is never among them. Nothing when no document is named or the query has no words. Only
	 * documents already {@link #index indexed} are searched.
	 */
	public List<PageHit> search(String query, Collection<String> documentIds, int limit) {
		Query words = words(query);
		if (words == null || documentIds.isEmpty() || limit <= 0) {
			return List.of();
		}
		Query filtered = new BooleanQuery.Builder().add(words, BooleanClause.Occur.MUST)
			.add(PageIndex.documents(documentIds), BooleanClause.Occur.FILTER)
			.build();
		return this.searches.record(() -> this.index.search(filtered, limit));
	}

	/**
	 * Pages of these documents without a usable text layer (scans, image-only slides), which only a visual
	 * retriever can judge: every document's first such page, then every second one, and so on, up to {@code limit}.
	 */
	public List<PageRef> textlessPages(Collection<String> documentIds, int limit) {
		if (documentIds.isEmpty() || limit <= 0) {
			return List.of();
		}
		return this.index.textless(PageIndex.documents(documentIds), limit)
			.stream()
			.map((hit) -> new PageRef(hit.documentId(), hit.page()))
			.toList();
	}

	/**
	 * Makes sure the document is in the index, extracting its text layer first if it has none yet (which waits for
	 * the text workers). Idempotent and cheap once indexed.
	 * @throws io.pagewise.PagewiseException {@code invalid-document-id} (400), {@code document-not-found} (404),
	 * {@code text-unavailable} or {@code search-unavailable} (503)
	 */
	public void index(String documentId) {
		pageCount(DocumentId.of(documentId));
	}

	/** Takes the document out of the index (idempotent). */
	public void remove(String documentId) {
		withLock(documentId, () -> {
			this.index.delete(documentId);
			return null;
		});
	}

	/**
	 * Every page of one document with its lexical score for {@code query}, best first (ties in page order); pages
	 * without any of the query's words score 0. Indexes the document first if needed. Needs no upstream: this is the
	 * ranking behind {@code retriever: "lexical"}.
	 */
	public List<PageHit> rankDocument(String documentId, String query) {
		DocumentId id = DocumentId.of(documentId);
		// Another replica may have deleted it, and this index not heard yet: the store decides.
		if (this.documents.find(id).isEmpty() && this.texts.stored(id).isEmpty()) {
			this.index.delete(documentId);
		}
		int pages = pageCount(id);
		Map<Integer, Float> scores = new HashMap<>();
		for (PageHit hit : search(query, List.of(documentId), Math.max(pages, 1))) {
			scores.put(hit.page(), hit.score());
		}
		List<PageHit> ranking = new ArrayList<>(pages);
		for (int page = 1; page <= pages; page++) {
			ranking.add(new PageHit(documentId, page, scores.getOrDefault(page, 0f)));
		}
		ranking.sort(Comparator.comparingDouble(PageHit::score).reversed().thenComparingInt(PageHit::page));
		return ranking;
	}

	@EventListener
	void deleted(Documents.DocumentDeleted event) {
		try {
			remove(event.id().value());
		}
		catch (RuntimeException ex) {
			// Callers always name the documents they search, so a page left behind is never found once its document is
			// gone from theirs; it leaves the index when the document is indexed or removed again.
			logger.warn("Document {} could not be removed from the page index", event.id(), ex);
		}
	}

	/** The number of pages of the document, indexing it first if it is not in the index. */
	private int pageCount(DocumentId id) {
		OptionalInt indexed = this.index.pageCount(id.value());
		if (indexed.isPresent()) {
			return indexed.getAsInt();
		}
		DocumentText text = this.texts.texts(id);
		return withLock(id.value(), () -> {
			// Deleted while its text was extracted? Its removal waits for this lock, so checking here is enough.
			if (this.index.pageCount(id.value()).isEmpty() && this.texts.stored(id).isPresent()) {
				this.index.put(id.value(), text.pages());
			}
			return text.pageCount();
		});
	}

	/** The query's distinct terms as BM25 clauses (any may match); null when it has none. */
	private @Nullable Query words(String query) {
		Set<String> terms = new LinkedHashSet<>();
		try (TokenStream stream = this.index.analyzer().tokenStream(PageIndex.TEXT, query)) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			stream.reset();
			while (stream.incrementToken() && terms.size() < this.maxQueryTerms) {
				terms.add(term.toString());
			}
			stream.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Analysing a string cannot fail", ex);
		}
		if (terms.isEmpty()) {
			return null;
		}
		BooleanQuery.Builder any = new BooleanQuery.Builder();
		terms.forEach((word) -> any.add(new TermQuery(new Term(PageIndex.TEXT, word)), BooleanClause.Occur.SHOULD));
		return any.build();
	}

	private <T> T withLock(String documentId, Supplier<T> action) {
		ReentrantLock lock = this.locks[Math.floorMod(documentId.hashCode(), this.locks.length)];
		lock.lock();
		try {
			return action.get();
		}
		finally {
			lock.unlock();
		}
	}

}
