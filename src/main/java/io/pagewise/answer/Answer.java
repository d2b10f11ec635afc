package io.pagewise.answer;

import java.util.List;

/**
 * An answer with the pages it came from.
 *
 * @param documentId the document asked about
 * @param question the question as asked
 * @param answer the chat model's answer
 * @param citations the pages sent to the chat model, best first
 * @param ranking every page with its relevance score, best first
 * @param rerankModel the model that ranked the pages
 * @param chatModel the model that answered
 * @param cached whether this answer was served from the cache (no upstream calls)
 * @param usage tokens spent upstream
 * @param timings where the time went, in milliseconds
 * @param imagesReduced whether the page images were made smaller (re-encoded, or the lowest-ranked pages left out)
 * to fit the chat request's size limit; {@code citations} lists the pages the model saw
 */
public record Answer(String documentId, String question, String answer, List<Citation> citations,
		List<Scored> ranking, String rerankModel, String chatModel, boolean cached, Usage usage, Timings timings,
		boolean imagesReduced) {

	public Answer {
		citations = List.copyOf(citations);
		ranking = List.copyOf(ranking);
	}

	/** An answer from the pages as they are. */
	public Answer(String documentId, String question, String answer, List<Citation> citations, List<Scored> ranking,
			String rerankModel, String chatModel, boolean cached, Usage usage, Timings timings) {
		this(documentId, question, answer, citations, ranking, rerankModel, chatModel, cached, usage, timings, false);
	}

	Answer fromCache(String question, long totalMs) {
		return new Answer(this.documentId, question, this.answer, this.citations, this.ranking, this.rerankModel,
				this.chatModel, true, this.usage, new Timings(0, 0, 0, totalMs), this.imagesReduced);
	}

	/** A page and its score, with the URL of its image. */
	public record Citation(int page, double score, String imageUrl) {
	}

	/** A page and its score. */
	public record Scored(int page, double score) {
	}

	/** Tokens spent upstream. */
	public record Usage(long rerankTokens, long promptTokens, long completionTokens) {
	}

	/** Milliseconds spent rendering, ranking, answering, and in total. */
	public record Timings(long renderMs, long rerankMs, long chatMs, long totalMs) {
	}

}
