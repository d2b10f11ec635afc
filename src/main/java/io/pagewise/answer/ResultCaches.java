package io.pagewise.answer;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.rerank.Ranking;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Recomputable results, bounded in memory: rankings and answers. A lookup joins a computation already in flight
 * for the same key (single flight); failures are not cached; deleting a document drops its entries.
 */
@Component
class ResultCaches {

	private final AsyncCache<RankingKey, Ranking> rankings;

	private final AsyncCache<AnswerKey, Answer> answers;

	ResultCaches(AnswerProperties properties, MeterRegistry meters) {
		this.rankings = CaffeineCacheMetrics.monitor(meters, newCache(properties), "pagewise.rankings");
		this.answers = CaffeineCacheMetrics.monitor(meters, newCache(properties), "pagewise.answers");
	}

	Mono<Lookup<Ranking>> ranking(RankingKey key, Supplier<Mono<Ranking>> compute) {
		return lookup(this.rankings, key, compute);
	}

	Mono<Lookup<Answer>> answer(AnswerKey key, Supplier<Mono<Answer>> compute) {
		return lookup(this.answers, key, compute);
	}

	/** An answer cached or in flight for this key, to join rather than compute again. */
	Optional<Mono<Answer>> existingAnswer(AnswerKey key) {
		CompletableFuture<Answer> existing = this.answers.getIfPresent(key);
		return Optional.ofNullable(existing).map((future) -> Mono.fromFuture(future, true));
	}

	/** Caches an answer computed outside {@link #answer} (a streamed one). */
	void putAnswer(AnswerKey key, Answer answer) {
		this.answers.put(key, CompletableFuture.completedFuture(answer));
	}

	@EventListener
	void on(Documents.DocumentDeleted deleted) {
		this.rankings.synchronous().asMap().keySet().removeIf((key) -> key.documentId().equals(deleted.id()));
		this.answers.synchronous().asMap().keySet().removeIf((key) -> key.documentId().equals(deleted.id()));
	}

	private static <K, V> Mono<Lookup<V>> lookup(AsyncCache<K, V> cache, K key, Supplier<Mono<V>> compute) {
		return Mono.defer(() -> {
			AtomicBoolean computed = new AtomicBoolean();
			CompletableFuture<V> result = cache.get(key, (k, executor) -> {
				computed.set(true);
				return compute.get().toFuture();
			});
			// Waiters must not cancel a computation others share.
			return Mono.fromFuture(result, true).map((value) -> new Lookup<>(value, !computed.get()));
		});
	}

	private static <K, V> AsyncCache<K, V> newCache(AnswerProperties properties) {
		return Caffeine.newBuilder()
			.maximumSize(properties.cacheSize())
			.expireAfterWrite(properties.cacheTtl())
			.recordStats()
			.buildAsync();
	}

	/** Folds case, width variants and whitespace, so trivially different phrasings share a result. */
	static String normalize(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

	/** A value and whether it came from the cache rather than a computation this caller started. */
	record Lookup<V>(V value, boolean cached) {
	}

	record RankingKey(DocumentId documentId, String model, String query) {
	}

	record AnswerKey(DocumentId documentId, String rerankModel, String chatModel, String question, int topPages,
			String promptVersion) {
	}

}
