package io.pagewise.answer.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pagewise.document.DocumentId;
import org.springframework.data.redis.listener.ChannelTopic;
import tools.jackson.databind.json.JsonMapper;

/** Results shared by every replica through Redis, as JSON; deletions heard from every replica. */
class RedisResultStore implements ResultStore {

	private final RedisResults redis;

	private final JsonMapper json;

	private final CacheProperties properties;

	RedisResultStore(RedisResults redis, JsonMapper json, CacheProperties properties) {
		this.redis = redis;
		this.json = json;
		this.properties = properties;
	}

	private final List<RedisResultCache<?, ?>> caches = new CopyOnWriteArrayList<>();

	@Override
	public <K extends ResultKey, V> ResultCache<K, V> cache(String name, Class<V> type, ResultCache.Bounds bounds) {
		RedisResultCache<K, V> cache = new RedisResultCache<>(name, type, this.redis, this.json, this.properties,
				bounds);
		this.caches.add(cache);
		return cache;
	}

	/** A document was deleted, maybe through another replica: no new request joins a computation of it here. */
	void deleted(DocumentId id) {
		this.caches.forEach((cache) -> cache.forget(id));
	}

	/** The channel on which deletions are published. */
	ChannelTopic deletions() {
		return new ChannelTopic(this.redis.deletions());
	}

}
