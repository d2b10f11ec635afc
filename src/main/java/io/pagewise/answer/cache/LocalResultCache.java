package io.pagewise.answer.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.pagewise.document.DocumentId;
import reactor.core.publisher.Mono;

/** Results cached in this process (Caffeine), bounded in count and age; failures are not cached. */
class LocalResultCache<K extends ResultKey, V> implements ResultCache<K, V> {

	private final AsyncCache<K, V> cache;

	LocalResultCache(ResultCache.Bounds bounds, MeterRegistry meters, String name) {
		AsyncCache<K, V> cache = Caffeine.newBuilder()
			.maximumSize(bounds.maxEntries())
			.expireAfterWrite(bounds.ttl())
			.recordStats()
			.buildAsync();
		this.cache = CaffeineCacheMetrics.monitor(meters, cache, name);
	}

	@Override
	public Mono<Lookup<V>> lookup(K key, Supplier<Mono<V>> compute) {
		return Mono.defer(() -> {
			AtomicBoolean computed = new AtomicBoolean();
			CompletableFuture<V> result = this.cache.get(key, (k, executor) -> {
				computed.set(true);
				return compute.get().toFuture();
			});
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
	public void put(K key, V value) {
		this.cache.put(key, CompletableFuture.completedFuture(value));
	}

	@Override
	public void evict(DocumentId id) {
		this.cache.synchronous().asMap().keySet().removeIf((key) -> key.documentId().equals(id));
	}

}
