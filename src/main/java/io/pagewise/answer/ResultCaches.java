package io.pagewise.answer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.rerank.Ranking;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recomputable results: rankings and answers. A lookup joins a computation already in flight for the same key
 * (single flight); failures are not cached; deleting a document drops its entries. Kept in this process, bounded
 * in memory, unless {@code pagewise.cache.type=redis} shares them between replicas (see {@link RedisResultCache}).
 */
@Component
class ResultCaches {

	private final ResultCache<RankingKey, Ranking> rankings;

	private final ResultCache<AnswerKey, Answer> answers;

	ResultCaches(AnswerProperties properties, CacheProperties cache, MeterRegistry meters, JsonMapper json,
			ObjectProvider<RedisResults> redis) {
		RedisResults shared = redis.getIfAvailable();
		if (shared != null) {
			this.rankings = new RedisResultCache<>("rankings", Ranking.class, shared, json, cache);
			this.answers = new RedisResultCache<>("answers", Answer.class, shared, json, cache);
		}
		else {
			this.rankings = new LocalResultCache<>(properties, meters, "pagewise.rankings");
			this.answers = new LocalResultCache<>(properties, meters, "pagewise.answers");
		}
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

	/** Caches an answer computed outside {@link #answer} (a streamed one). */
	void putAnswer(AnswerKey key, Answer answer) {
		this.answers.put(key, answer);
	}

	@EventListener
	void on(Documents.DocumentDeleted deleted) {
		this.rankings.evict(deleted.id());
		this.answers.evict(deleted.id());
	}

	/** Folds case, width variants and whitespace, so trivially different phrasings share a result. */
	static String normalize(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

	/** A value and whether it came from the cache rather than a computation this caller started. */
	record Lookup<V>(V value, boolean cached) {
	}

	/** What a result is cached under: its document, and a digest of everything else that identifies it. */
	interface Key {

		DocumentId documentId();

		/** A fixed-length digest of the key's other parts (questions can be long), for shared caches. */
		String digest();

		static String digest(Object... parts) {
			try {
				MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
				for (Object part : parts) {
					// Length-prefixed: no two different part lists give the same input.
					byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
					sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
					sha256.update(bytes);
				}
				return HexFormat.of().formatHex(sha256.digest(), 0, 16);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("Every JVM ships SHA-256", ex);
			}
		}

	}

	record RankingKey(DocumentId documentId, String model, String query) implements Key {

		@Override
		public String digest() {
			return Key.digest(this.model, this.query);
		}

	}

	record AnswerKey(DocumentId documentId, String rerankModel, String chatModel, String question, int topPages,
			String promptVersion) implements Key {

		@Override
		public String digest() {
			return Key.digest(this.rerankModel, this.chatModel, this.question, this.topPages, this.promptVersion);
		}

	}

}
