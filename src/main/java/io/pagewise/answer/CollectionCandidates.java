package io.pagewise.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pagewise.PagewiseException;
import io.pagewise.collection.CandidateDocument;
import io.pagewise.collection.Collections;
import io.pagewise.search.PageHit;
import io.pagewise.search.PageRef;
import io.pagewise.search.PageSearch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The first stages of a question over a collection: the metadata filter picks documents, then either every page
 * of them is a candidate ({@code exact}, up to {@code pagewise.collections.rerank-all-pages}) or the lexical first
 * stage picks {@code candidates} pages: BM25 hits plus pages without a text layer (scans, image-only slides)
 * within a budget, so a visual page is never out of reach for the reranker.
 */
@Component
class CollectionCandidates {

	private static final Logger logger = LoggerFactory.getLogger(CollectionCandidates.class);

	/** The share of the candidates kept for pages without text, when there are such pages. */
	private static final double TEXTLESS_SHARE = 0.2;

	private final Collections collections;

	private final PageSearch search;

	CollectionCandidates(Collections collections, PageSearch search) {
		this.collections = collections;
		this.search = search;
	}

	/**
	 * The documents the filter selects and the pages to rank for {@code query}.
	 * @param wanted {@link Retriever#AUTO} chooses exact or lexical+rerank by the number of pages; for
	 * {@link Retriever#LEXICAL} no pages are picked (the lexical ranking searches every page)
	 * @throws PagewiseException {@code collection-not-found}, {@code invalid-filter}, {@code invalid-request}
	 */
	Selection select(String collection, @Nullable JsonNode filter, @Nullable List<String> documentIds, String query,
			Retriever wanted, @Nullable Integer candidates) {
		long start = System.nanoTime();
		List<CandidateDocument> documents = this.collections.candidatePages(collection, filter, documentIds);
		Retriever retriever = retriever(documents, wanted);
		List<CandidatePage> pages = switch (retriever) {
			case EXACT -> everyPage(documents);
			case LEXICAL_RERANK -> firstStage(documents, query,
					(candidates != null) ? candidates : this.collections.defaultCandidates());
			default -> List.of();
		};
		return new Selection(collection, documents, retriever, pages, CachedRankings.millisSince(start));
	}

	/** The documents in the lexical index (idempotent; extracts a text layer the first time); those still stored. */
	List<CandidateDocument> indexed(List<CandidateDocument> documents) {
		List<CandidateDocument> indexed = new ArrayList<>(documents.size());
		for (CandidateDocument document : documents) {
			try {
				this.search.index(document.documentId());
				indexed.add(document);
			}
			catch (PagewiseException ex) {
				if (ex.getStatusCode().value() != HttpStatus.NOT_FOUND.value()) {
					throw ex;
				}
				// Deleted since the catalog was read: it is leaving every collection.
				logger.debug("Document {} of a collection is not stored any more", document.documentId());
			}
		}
		return indexed;
	}

	private Retriever retriever(List<CandidateDocument> documents, Retriever wanted) {
		if (wanted == Retriever.AUTO) {
			return this.collections.rerankAllPages(documents) ? Retriever.EXACT : Retriever.LEXICAL_RERANK;
		}
		if (wanted == Retriever.EXACT && !this.collections.rerankAllPages(documents)) {
			throw new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
					"The filtered documents have more pages than an exact ranking reranks "
							+ "(pagewise.collections.rerank-all-pages); narrow the filter or use retriever auto.");
		}
		return wanted;
	}

	private static List<CandidatePage> everyPage(List<CandidateDocument> documents) {
		List<CandidatePage> pages = new ArrayList<>();
		for (CandidateDocument document : documents) {
			for (int page = 1; page <= document.pageCount(); page++) {
				pages.add(new CandidatePage(document.documentId(), document.title(), page));
			}
		}
		return pages;
	}

	/** BM25's best pages, and pages without text: up to their share, more when BM25 finds fewer than its share. */
	private List<CandidatePage> firstStage(List<CandidateDocument> documents, String query, int candidates) {
		List<CandidateDocument> searchable = indexed(documents);
		Set<String> ids = searchable.stream().map(CandidateDocument::documentId).collect(Collectors.toSet());
		List<PageRef> textless = this.search.textlessPages(ids, candidates);
		int textlessShare = Math.min(textless.size(), (int) Math.ceil(candidates * TEXTLESS_SHARE));
		List<PageHit> hits = this.search.search(query, ids, candidates - textlessShare);
		Set<PageRef> picked = new LinkedHashSet<>();
		hits.forEach((hit) -> picked.add(new PageRef(hit.documentId(), hit.page())));
		for (PageRef page : textless) {
			if (picked.size() >= candidates) {
				break;
			}
			picked.add(page);
		}
		Map<String, CandidateDocument> byId = searchable.stream()
			.collect(Collectors.toMap(CandidateDocument::documentId, Function.identity()));
		return picked.stream()
			.map((ref) -> new CandidatePage(ref.documentId(), byId.get(ref.documentId()).title(), ref.page()))
			.toList();
	}

	/**
	 * What the first stages chose.
	 *
	 * @param collection the collection
	 * @param documents the documents the filter selected
	 * @param retriever how the pages are ranked
	 * @param pages the candidate pages to rerank (none for a lexical ranking)
	 * @param elapsedMs how long choosing took
	 */
	record Selection(String collection, List<CandidateDocument> documents, Retriever retriever,
			List<CandidatePage> pages, long elapsedMs) {

		Selection {
			documents = List.copyOf(documents);
			pages = List.copyOf(pages);
		}

		long pagesInCollection() {
			return this.documents.stream().mapToLong(CandidateDocument::pageCount).sum();
		}

		/** The same documents, ranked lexically instead. */
		Selection lexical() {
			return new Selection(this.collection, this.documents, Retriever.LEXICAL, List.of(), this.elapsedMs);
		}

	}

}
