package io.pagewise.answer;

import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import org.jspecify.annotations.Nullable;

/**
 * A page of a collection's document with its score: in a ranking, or as a citation of an answer.
 *
 * @param documentId the document
 * @param title the document's title in the collection, if it has one
 * @param page the 1-based page number
 * @param score the reranker's score, or BM25's for a lexical ranking; comparable only within one response
 * @param imageUrl the page image the models see
 */
public record CitedPage(String documentId, @Nullable String title, int page, double score, String imageUrl) {

	static CitedPage of(CandidatePage candidate, double score) {
		return new CitedPage(candidate.documentId(), candidate.title(), candidate.page(), score,
				DocumentSummary.imageUrl(DocumentId.of(candidate.documentId()), candidate.page()));
	}

}
