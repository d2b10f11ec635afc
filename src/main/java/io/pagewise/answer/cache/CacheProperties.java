package io.pagewise.answer.cache;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where rankings and answers are cached (their size and lifetime are {@code pagewise.answer.cache-*}).
 *
 * @param type {@code local} (the default: in this process, nothing to install) or {@code redis} (shared by every
 * replica, at {@code spring.data.redis.url})
 * @param redis the shared cache's settings
 */
@Validated
@ConfigurationProperties("pagewise.cache")
record CacheProperties(@DefaultValue("local") Type type, @DefaultValue @Valid Redis redis) {

	/** Where results are cached. */
	enum Type {

		LOCAL, REDIS

	}

	/**
	 * The Redis cache.
	 *
	 * @param keyPrefix prefix of every key, to share a Redis server
	 * @param maxValueSize results larger than this (serialized) are not cached
	 * @param lockTtl how long one replica may hold a key's computation before others assume it died
	 * @param lockWait how long a request waits for another replica's computation of the same key before
	 * computing it too
	 * @param pollInterval how often a waiting request looks for that result
	 * @param outageBackoff after a Redis failure, how long to compute without the cache before trying it again
	 * (and the least time between two warnings in the log)
	 */
	record Redis(@DefaultValue("pagewise:") @NotBlank String keyPrefix, @DefaultValue("256KB") DataSize maxValueSize,
			@DefaultValue("60s") Duration lockTtl, @DefaultValue("30s") Duration lockWait,
			@DefaultValue("100ms") Duration pollInterval, @DefaultValue("10s") Duration outageBackoff) {
	}

}
