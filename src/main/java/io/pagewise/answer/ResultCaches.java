package io.pagewise.answer;

import java.util.Optional;
import java.util.function.Supplier;

import io.pagewise.answer.cache.Lookup;
import io.pagewise.answer.cache.ResultCache;
import io.pagewise.answer.cache.ResultKey;
import io.pagewise.answer.cache.ResultStore;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.rerank.Ranking;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Recomputable results: rankings and answers, in whichever {@link ResultStore} is configured. A lookup joins a
 * computation already in flight for the same key (single flight); failures are not cached; deleting a document
 * drops its entries.
 */
@Component
class ResultCaches {

	private final ResultCache<RankingKey, Ranking> rankings;

	private final ResultCache<AnswerKey, Answer> answers;

	ResultCaches(ResultStore store, AnswerProperties properties) {
		ResultCache.Bounds bounds = new ResultCache.Bounds(properties.cacheSize(), properties.cacheTtl());
		this.rankings = store.cache("rankings", Ranking.class, bounds);
		this.answers = store.cache("answers", Answer.class, bounds);
	}

	Mono<Lookup<Ranking>> ranking(RankingKey key, Supplier<Mono<Ranking>> compute) {
		return this.rankings.lookup(key, compute);
	}

	Mono<Lookup<Answer>> answer(AnswerKey key, Supplier<Mono<Answer>> compute) {
		return this.answers.lookup(key, compute);
	}

	/** An answer cached or in flight for this key, to join rather than compute again. */
	Optional<Mono<Answer>> existingAnswer(AnswerKey key) {
		return this.answers.existing(key);
	}

	/** Where the document stands, before an answer is computed outside {@link #answer} (a streamed one). */
	ResultCache.Generation answerGeneration(DocumentId id) {
		return this.answers.generation(id);
	}

	/** Caches an answer computed outside {@link #answer}, unless its document was deleted since {@code since}. */
	void putAnswer(AnswerKey key, Answer answer, ResultCache.Generation since) {
		this.answers.put(key, answer, since);
	}

	@EventListener
	void on(Documents.DocumentDeleted deleted) {
		this.rankings.evict(deleted.id());
		this.answers.evict(deleted.id());
	}

	record RankingKey(DocumentId documentId, String model, String query) implements ResultKey {

		@Override
		public String digest() {
			return ResultKey.digest(this.model, this.query);
		}

	}

	record AnswerKey(DocumentId documentId, String rerankModel, String chatModel, String question, int topPages,
			String promptVersion) implements ResultKey {

		@Override
		public String digest() {
			return ResultKey.digest(this.rerankModel, this.chatModel, this.question, this.topPages, this.promptVersion);
		}

	}

}
