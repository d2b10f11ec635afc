package io.pagewise.answer.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.pagewise.document.DocumentId;
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

	/** Caches a value computed outside {@link #lookup}. */
	void put(K key, V value);

	/** Drops every entry of the document. */
	void evict(DocumentId id);

	/**
	 * How much a cache keeps.
	 *
	 * @param maxEntries the most entries kept in this process
	 * @param ttl how long an entry lives
	 */
	record Bounds(long maxEntries, Duration ttl) {
	}

}
