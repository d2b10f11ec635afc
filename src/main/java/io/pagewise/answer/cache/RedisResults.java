package io.pagewise.answer.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.document.DocumentId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Serialized results in Redis, shared by every replica. All keys of a document carry its id as a hash tag
 * ({@code pagewise:{<id>}:...}, one Redis Cluster slot) and are listed in a per-document set, so a delete finds
 * them without scanning the keyspace. Every call degrades instead of failing: when Redis is down the caller is
 * told the cache is unavailable and computes without it (see {@link RedisOutage}).
 */
class RedisResults {

	private static final Logger logger = LoggerFactory.getLogger(RedisResults.class);

	/**
	 * Stores a value with its TTL and lists it in the document's set, which lives as long as its newest entry;
	 * unless the document was deleted since the value's computation began (its generation moved on).
	 */
	private static final RedisScript<Long> STORE = RedisScript.of("""
			if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[3] then return 0 end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			redis.call('SADD', KEYS[2], KEYS[1])
			redis.call('PEXPIRE', KEYS[2], ARGV[2])
			return 1
			""", Long.class);

	/** Releases a lock only if this caller still holds it (it may have expired and been taken by another). */
	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	/**
	 * Moves the document to its next generation (so computations begun before cannot store), then drops every
	 * value listed for it: one atomic step, so no value stored before survives and none begun before comes after.
	 * Then tells every replica (see {@link #deletions()}), so none lets new requests join a computation of it.
	 */
	private static final RedisScript<Long> EVICT = RedisScript.of("""
			redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[1])
			local keys = redis.call('SMEMBERS', KEYS[1])
			for _, key in ipairs(keys) do redis.call('UNLINK', key) end
			redis.call('UNLINK', KEYS[1])
			redis.call('PUBLISH', ARGV[2], ARGV[3])
			return #keys
			""", Long.class);

	private final StringRedisTemplate redis;

	private final CacheProperties.Redis properties;

	private final RedisOutage outage;

	private final MeterRegistry meters;

	RedisResults(StringRedisTemplate redis, CacheProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.properties = properties.redis();
		this.outage = new RedisOutage(this.properties.outageBackoff());
		this.meters = meters;
	}

	/** The cached value, or else the right to compute it (a lock), or word that another replica is computing it. */
	Claim claim(DocumentId document, String name) {
		if (!this.outage.callsAllowed()) {
			return count(name, new Claim.Unavailable());
		}
		try {
			String value = this.redis.opsForValue().get(key(document, name));
			if (value != null) {
				return count(name, new Claim.Hit(value));
			}
			String token = UUID.randomUUID().toString();
			Boolean locked = this.redis.opsForValue()
				.setIfAbsent(key(document, "lock:" + name), token, this.properties.lockTtl());
			if (!Boolean.TRUE.equals(locked)) {
				return count(name, new Claim.Busy());
			}
			// The previous holder may have stored the value and let go between our GET and SET.
			value = this.redis.opsForValue().get(key(document, name));
			if (value != null) {
				release(document, name, token);
				return count(name, new Claim.Hit(value));
			}
			return count(name, new Claim.Owner(token));
		}
		catch (DataAccessException ex) {
			this.outage.failed(ex);
			return count(name, new Claim.Unavailable());
		}
	}

	/** The cached value, without claiming anything. */
	Optional<String> peek(DocumentId document, String name) {
		if (!this.outage.callsAllowed()) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(this.redis.opsForValue().get(key(document, name)));
		}
		catch (DataAccessException ex) {
			this.outage.failed(ex);
			return Optional.empty();
		}
	}

	/**
	 * The document's generation: it moves on when the document is deleted. Empty when Redis cannot be asked (a
	 * value computed then is not stored: it could belong to a deleted document).
	 */
	Optional<String> generation(DocumentId document) {
		if (!this.outage.callsAllowed()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Objects.requireNonNullElse(this.redis.opsForValue().get(generationKey(document)), "0"));
		}
		catch (DataAccessException ex) {
			this.outage.failed(ex);
			return Optional.empty();
		}
	}

	/**
	 * Caches a value for {@code ttl}, unless it is larger than the configured bound or the document was deleted
	 * since {@code generation}.
	 */
	void store(DocumentId document, String name, String value, Duration ttl, String generation) {
		int size = value.getBytes(StandardCharsets.UTF_8).length;
		if (size > this.properties.maxValueSize().toBytes()) {
			logger.debug("Not caching {} of {} bytes (more than {})", name, size, this.properties.maxValueSize());
			this.meters.counter("pagewise.results.redis", "cache", kind(name), "outcome", "too-large").increment();
			return;
		}
		run(() -> this.redis.execute(STORE, List.of(key(document, name), index(document), generationKey(document)),
				value, String.valueOf(ttl.toMillis()), generation));
	}

	void release(DocumentId document, String name, String token) {
		run(() -> this.redis.execute(RELEASE, List.of(key(document, "lock:" + name)), token));
	}

	/**
	 * Drops every cached result of the document, whichever replica stored it, and keeps any computation begun
	 * before from storing its result later. Tried even while Redis seems down: a delete must not be skipped.
	 * @param tombstoneTtl how long the document's generation is kept: longer than any computation runs
	 */
	void evict(DocumentId document, Duration tombstoneTtl) {
		try {
			this.redis.execute(EVICT, List.of(index(document), generationKey(document)),
					String.valueOf(tombstoneTtl.toMillis()), deletions(), document.value());
		}
		catch (DataAccessException ex) {
			logger.error("Could not drop the cached results of deleted document {} from Redis", document, ex);
			this.outage.failed(ex);
		}
	}

	private void run(Runnable call) {
		if (!this.outage.callsAllowed()) {
			return;
		}
		try {
			call.run();
		}
		catch (DataAccessException ex) {
			this.outage.failed(ex);
		}
	}

	private Claim count(String name, Claim claim) {
		this.meters.counter("pagewise.results.redis", "cache", kind(name), "outcome", claim.outcome()).increment();
		return claim;
	}

	private String key(DocumentId document, String name) {
		return this.properties.keyPrefix() + "{" + document.value() + "}:" + name;
	}

	/** The channel on which deleted documents' ids are published. */
	String deletions() {
		return this.properties.keyPrefix() + "deleted";
	}

	/** Outside the document's key space ({@code prefix{id}:*}), which a delete empties: it outlives the delete. */
	private String generationKey(DocumentId document) {
		return this.properties.keyPrefix() + "generation:{" + document.value() + "}";
	}

	private String index(DocumentId document) {
		return key(document, "keys");
	}

	private static String kind(String name) {
		return name.substring(0, name.indexOf(':'));
	}

	/** What a lookup in Redis found. */
	sealed interface Claim {

		String outcome();

		/** The value is cached. */
		record Hit(String value) implements Claim {

			@Override
			public String outcome() {
				return "hit";
			}

		}

		/** Not cached, and this caller now holds the lock to compute it. */
		record Owner(String token) implements Claim {

			@Override
			public String outcome() {
				return "miss";
			}

		}

		/** Not cached, and another caller (maybe on another replica) is computing it. */
		record Busy() implements Claim {

			@Override
			public String outcome() {
				return "busy";
			}

		}

		/** Redis cannot be reached: compute without it. */
		record Unavailable() implements Claim {

			@Override
			public String outcome() {
				return "unavailable";
			}

		}

	}

}
