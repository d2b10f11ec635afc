package io.pagewise.answer.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.pagewise.document.DocumentId;
import reactor.core.publisher.Mono;

/**
 * Results cached in this process (Caffeine), bounded in count and age; failures are not cached. Each deleted
 * document's generation is remembered, so a computation still running when it is deleted cannot cache its result.
 */
class LocalResultCache<K extends ResultKey, V> implements ResultCache<K, V> {

	private final AsyncCache<K, V> cache;

	/** Deleted documents and how often each was deleted; absent means never (generation 0). */
	private final Cache<DocumentId, Long> deletions;

	LocalResultCache(ResultCache.Bounds bounds, MeterRegistry meters, String name) {
		AsyncCache<K, V> cache = Caffeine.newBuilder()
			.maximumSize(bounds.maxEntries())
			.expireAfterWrite(bounds.ttl())
			.recordStats()
			.buildAsync();
		this.cache = CaffeineCacheMetrics.monitor(meters, cache, name);
		this.deletions = Caffeine.newBuilder().expireAfterWrite(bounds.tombstoneTtl()).build();
	}

	@Override
	public Mono<Lookup<V>> lookup(K key, Supplier<Mono<V>> compute) {
		return Mono.defer(() -> {
			AtomicBoolean computed = new AtomicBoolean();
			Generation since = generation(key.documentId());
			CompletableFuture<V> result = this.cache.get(key, (k, executor) -> {
				computed.set(true);
				return compute.get().toFuture();
			});
			if (computed.get()) {
				result.thenRun(() -> dropIfDeletedSince(key, result, since));
			}
			// Waiters must not cancel a computation others share.
			return Mono.fromFuture(result, true).map((value) -> new Lookup<>(value, !computed.get()));
		});
	}

	@Override
	public Optional<Mono<V>> existing(K key) {
		CompletableFuture<V> existing = this.cache.getIfPresent(key);
		return Optional.ofNullable(existing).map((future) -> Mono.fromFuture(future, true));
	}

	@Override
	public Generation generation(DocumentId id) {
		Long deleted = this.deletions.getIfPresent(id);
		return new Generation(String.valueOf((deleted != null) ? deleted : 0));
	}

	@Override
	public void put(K key, V value, Generation since) {
		if (!since.equals(generation(key.documentId()))) {
			return;
		}
		CompletableFuture<V> stored = CompletableFuture.completedFuture(value);
		this.cache.put(key, stored);
		dropIfDeletedSince(key, stored, since);
	}

	/**
	 * Checked after the entry is in the map: {@link #evict} moves the generation on before it drops entries, so
	 * an entry added after it has passed sees the new generation here and goes.
	 */
	private void dropIfDeletedSince(K key, CompletableFuture<V> entry, Generation since) {
		if (!since.equals(generation(key.documentId()))) {
			this.cache.asMap().remove(key, entry);
		}
	}

	@Override
	public void evict(DocumentId id) {
		this.deletions.asMap().merge(id, 1L, Long::sum);
		// The map view holds computations still running too.
		this.cache.asMap().keySet().removeIf((key) -> key.documentId().equals(id));
	}

}
