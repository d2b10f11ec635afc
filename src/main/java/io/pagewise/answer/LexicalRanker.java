package io.pagewise.answer;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pagewise.PagewiseException;
import io.pagewise.collection.CandidateDocument;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.search.PageHit;
import io.pagewise.search.PageSearch;
import org.springframework.stereotype.Component;

/**
 * Rankings by BM25 over the pages' text layer alone ({@code retriever: "lexical"}): no upstream call, no key
 * needed; also what a ranking falls back to while the upstream is unavailable.
 */
@Component
class LexicalRanker {

	private final PageSearch search;

	LexicalRanker(PageSearch search) {
		this.search = search;
	}

	/** Every page of one document, best first; pages without the query's words score 0. */
	List<Answer.Citation> document(DocumentId id, String query) {
		return this.search.rankDocument(id.value(), query)
			.stream()
			.map((hit) -> new Answer.Citation(hit.page(), hit.score(), DocumentSummary.imageUrl(id, hit.page())))
			.toList();
	}

	/**
	 * The best {@code limit} pages of these (indexed) documents that hold any of the query's words, best first.
	 * @throws PagewiseException {@code search-unavailable} when the index cannot be read
	 */
	List<CitedPage> collection(List<CandidateDocument> documents, String query, int limit) {
		Map<String, CandidateDocument> byId = documents.stream()
			.collect(Collectors.toMap(CandidateDocument::documentId, Function.identity()));
		List<PageHit> hits = this.search.search(query, byId.keySet(), limit);
		return hits.stream()
			.filter((hit) -> byId.containsKey(hit.documentId()))
			.map((hit) -> CitedPage.of(new CandidatePage(hit.documentId(), byId.get(hit.documentId()).title(),
					hit.page()), hit.score()))
			.toList();
	}

}
