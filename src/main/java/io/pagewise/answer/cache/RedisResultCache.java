package io.pagewise.answer.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.pagewise.document.DocumentId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Results shared by every replica through Redis, as JSON with a TTL. Single flight works at two levels: in this
 * process, identical lookups join one computation; across replicas, the first to miss takes a short Redis lock
 * and computes, while the others poll for its result and compute themselves only if it does not come within
 * {@code pagewise.cache.redis.lock-wait}. When Redis is unavailable, every lookup simply computes.
 */
class RedisResultCache<K extends ResultKey, V> implements ResultCache<K, V> {

	private final String kind;

	private final Class<V> type;

	private final RedisResults redis;

	private final JsonMapper json;

	private final CacheProperties.Redis properties;

	private final ResultCache.Bounds bounds;

	private final ConcurrentMap<K, CompletableFuture<Lookup<V>>> inFlight = new ConcurrentHashMap<>();

	RedisResultCache(String kind, Class<V> type, RedisResults redis, JsonMapper json, CacheProperties properties,
			ResultCache.Bounds bounds) {
		this.kind = kind;
		this.type = type;
		this.redis = redis;
		this.json = json;
		this.properties = properties.redis();
		this.bounds = bounds;
	}

	@Override
	public Mono<Lookup<V>> lookup(K key, Supplier<Mono<V>> compute) {
		return Mono.defer(() -> {
			CompletableFuture<Lookup<V>> mine = new CompletableFuture<>();
			CompletableFuture<Lookup<V>> running = this.inFlight.putIfAbsent(key, mine);
			if (running != null) {
				// Waiters must not cancel a computation others share.
				return Mono.fromFuture(running, true).map((lookup) -> new Lookup<>(lookup.value(), true));
			}
			long deadline = System.nanoTime() + this.properties.lockWait().toNanos();
			resolve(key, compute, deadline).toFuture().whenComplete((lookup, failure) -> {
				// Out of the map before completing: later lookups go to Redis, where the value now is.
				this.inFlight.remove(key, mine);
				if (failure != null) {
					mine.completeExceptionally(failure);
				}
				else {
					mine.complete(lookup);
				}
			});
			return Mono.fromFuture(mine, true);
		});
	}

	@Override
	public Optional<Mono<V>> existing(K key) {
		CompletableFuture<Lookup<V>> running = this.inFlight.get(key);
		if (running != null) {
			return Optional.of(Mono.fromFuture(running, true).map(Lookup::value));
		}
		return this.redis.peek(key.documentId(), name(key)).flatMap(this::decode).map(Mono::just);
	}

	@Override
	public Generation generation(DocumentId id) {
		return new Generation(this.redis.generation(id).orElse(null));
	}

	@Override
	public void put(K key, V value, Generation since) {
		// Callers may be on an event loop; Redis calls block, if only briefly.
		Schedulers.boundedElastic().schedule(() -> store(key, value, since));
	}

	@Override
	public void evict(DocumentId id) {
		forget(id);
		this.redis.evict(id, this.bounds.tombstoneTtl());
	}

	/**
	 * Lets no new lookup join a computation of the document already under way here (its result is not stored:
	 * the document's generation moved on). Heard from any replica that deleted it.
	 */
	void forget(DocumentId id) {
		this.inFlight.keySet().removeIf((key) -> key.documentId().equals(id));
	}

	private Mono<Lookup<V>> resolve(K key, Supplier<Mono<V>> compute, long deadline) {
		return Mono.fromCallable(() -> {
			// Read before anything is computed: a delete from here on keeps the result out of the cache.
			Generation since = generation(key.documentId());
			return new Attempt(since, this.redis.claim(key.documentId(), name(key)));
		}).subscribeOn(Schedulers.boundedElastic()).flatMap((attempt) -> switch (attempt.claim()) {
			case RedisResults.Claim.Hit hit -> decode(hit.value()).map((value) -> Mono.just(new Lookup<>(value, true)))
				.orElseGet(() -> computeAndStore(key, compute, null, attempt.since()));
			case RedisResults.Claim.Owner owner -> computeAndStore(key, compute, owner.token(), attempt.since());
			case RedisResults.Claim.Busy busy -> (System.nanoTime() - deadline >= 0)
					? computeAndStore(key, compute, null, attempt.since())
					: Mono.delay(this.properties.pollInterval()).then(Mono.defer(() -> resolve(key, compute, deadline)));
			case RedisResults.Claim.Unavailable unavailable -> computeAndStore(key, compute, null, attempt.since());
		});
	}

	/**
	 * Computes, caches the value and releases the lock if this caller holds it, both before the value is handed on
	 * (so whoever reads it next finds it cached); errors are not cached.
	 */
	private Mono<Lookup<V>> computeAndStore(K key, Supplier<Mono<V>> compute, @Nullable String lock,
			Generation since) {
		return Mono.defer(compute)
			// Redis calls block: off whatever thread the computation finished on.
			.publishOn(Schedulers.boundedElastic())
			.doOnSuccess((value) -> {
				if (value != null) {
					store(key, value, since);
				}
				release(key, lock);
			})
			.doOnError((failure) -> release(key, lock))
			.map((value) -> new Lookup<>(value, false));
	}

	private void release(K key, @Nullable String lock) {
		if (lock != null) {
			this.redis.release(key.documentId(), name(key), lock);
		}
	}

	private void store(K key, V value, Generation since) {
		if (since.value() != null) {
			this.redis.store(key.documentId(), name(key), this.json.writeValueAsString(value), this.bounds.ttl(),
					since.value());
		}
	}

	private Optional<V> decode(String value) {
		try {
			return Optional.of(this.json.readValue(value, this.type));
		}
		catch (JacksonException ex) {
			// Written by an incompatible version: recompute, and overwrite it.
			return Optional.empty();
		}
	}

	/** A claim on a key, and the document's generation before it was made. */
	private record Attempt(Generation since, RedisResults.Claim claim) {
	}

	private String name(K key) {
		return this.kind + ":" + key.digest();
	}

}
