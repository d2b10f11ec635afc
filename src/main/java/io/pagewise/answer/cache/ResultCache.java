package io.pagewise.answer.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.pagewise.document.DocumentId;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One kind of recomputable result (rankings or answers) with single flight: a lookup joins a computation of the
 * same key already in flight rather than starting another. Failures are not cached. Made by a {@link ResultStore}.
 */
public interface ResultCache<K extends ResultKey, V> {

	/** The cached value, the one in flight, or the one {@code compute} produces (which is then cached). */
	Mono<Lookup<V>> lookup(K key, Supplier<Mono<V>> compute);

	/** A value cached or in flight for this key, to join rather than compute again. */
	Optional<Mono<V>> existing(K key);

	/** Where the document stands now (it moves on when the document is deleted), to {@link #put} a value later. */
	Generation generation(DocumentId id);

	/**
	 * Caches a value computed outside {@link #lookup}, from a computation that began at {@code since}; not if the
	 * document was deleted in between.
	 */
	void put(K key, V value, Generation since);

	/**
	 * Drops every entry of the document, and keeps computations still running (here or, for a shared store, on
	 * any replica) from storing their results later.
	 */
	void evict(DocumentId id);

	/**
	 * How much a cache keeps.
	 *
	 * @param maxEntries the most entries kept in this process
	 * @param ttl how long an entry lives
	 */
	record Bounds(long maxEntries, Duration ttl) {

		/** Far longer than any computation runs (requests time out after minutes). */
		private static final Duration LONGEST_COMPUTATION = Duration.ofDays(1);

		/** How long a deleted document's generation is remembered: until no computation begun before can end. */
		Duration tombstoneTtl() {
			return (this.ttl.compareTo(LONGEST_COMPUTATION) > 0) ? this.ttl : LONGEST_COMPUTATION;
		}

	}

	/**
	 * A document's generation, as a cache last saw it.
	 *
	 * @param value the generation, or {@code null} when it could not be read (nothing is stored then)
	 */
	record Generation(@Nullable String value) {
	}

}
