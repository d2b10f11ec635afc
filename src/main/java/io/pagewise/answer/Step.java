package io.pagewise.answer;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One step of answering a question, in order: {@link Progress}… → {@link Ranked} → {@link Delta}… →
 * {@link Done} (for a collection: {@link CollectionRanked} and {@link CollectionDone}). The streaming endpoint
 * sends each as an event; the blocking endpoint keeps only the last.
 */
sealed interface Step {

	/** How far a first question on a new document has got: pages rendered, or batches ranked. */
	record Progress(String stage, int done, @Nullable Integer total) implements Step {
	}

	/** Every page scored, best first. */
	record Ranked(String documentId, String rerankModel, List<Answer.Citation> ranking) implements Step {

		public Ranked {
			ranking = List.copyOf(ranking);
		}

	}

	/** Every candidate page of a collection scored, best first. */
	record CollectionRanked(String collection, String rerankModel, Retriever retriever,
			List<CitedPage> ranking) implements Step {

		public CollectionRanked {
			ranking = List.copyOf(ranking);
		}

	}

	/** Answer text as the model writes it. */
	record Delta(String text) implements Step {
	}

	/** The answer. */
	record Done(Answer answer) implements Step {
	}

	/** The answer over a collection. */
	record CollectionDone(CollectionAnswer answer) implements Step {
	}

}
