package io.pagewise.answer;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An answer from the best pages of a collection, which may come from several documents.
 *
 * @param collection the collection asked about
 * @param question the question as asked
 * @param answer the chat model's answer (or, when nothing matched, a sentence saying so)
 * @param citations the pages sent to the chat model, best first
 * @param ranking the ranked candidate pages, best first
 * @param retriever what ranked the pages: {@code exact} or {@code lexical+rerank}
 * @param pagesInCollection the pages of the documents the filter selected
 * @param candidatePages the pages that were reranked
 * @param rerankModel the model that ranked the pages
 * @param chatModel the model that answered, or {@code null} when nothing matched and no model was asked
 * @param cached always false: answers over collections are not cached (see README)
 * @param imagesReduced whether page images were made smaller to fit the chat request's size limit
 * @param usage tokens spent upstream
 * @param timings where the time went, in milliseconds
 */
public record CollectionAnswer(String collection, String question, String answer, List<CitedPage> citations,
		List<CitedPage> ranking, Retriever retriever, long pagesInCollection, int candidatePages, String rerankModel,
		@Nullable String chatModel, boolean cached, boolean imagesReduced, Answer.Usage usage,
		CollectionTimings timings) {

	public CollectionAnswer {
		citations = List.copyOf(citations);
		ranking = List.copyOf(ranking);
	}

}
