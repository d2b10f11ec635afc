package io.pagewise.answer.cache;

import tools.jackson.databind.json.JsonMapper;

/** Results shared by every replica through Redis, as JSON. */
class RedisResultStore implements ResultStore {

	private final RedisResults redis;

	private final JsonMapper json;

	private final CacheProperties properties;

	RedisResultStore(RedisResults redis, JsonMapper json, CacheProperties properties) {
		this.redis = redis;
		this.json = json;
		this.properties = properties;
	}

	@Override
	public <K extends ResultKey, V> ResultCache<K, V> cache(String name, Class<V> type, ResultCache.Bounds bounds) {
		return new RedisResultCache<>(name, type, this.redis, this.json, this.properties, bounds);
	}

}
