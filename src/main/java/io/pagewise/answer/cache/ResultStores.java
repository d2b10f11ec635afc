package io.pagewise.answer.cache;

import io.lettuce.core.ClientOptions;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.document.DocumentId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/** The result store {@code pagewise.cache.type} selects: this process (default) or the Redis Boot connects to. */
@Configuration(proxyBeanMethods = false)
class ResultStores {

	@Bean
	@ConditionalOnProperty(name = "pagewise.cache.type", havingValue = "local", matchIfMissing = true)
	LocalResultStore localResultStore(MeterRegistry meters) {
		return new LocalResultStore(meters);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "pagewise.cache.type", havingValue = "redis")
	static class RedisStore {

		@Bean
		RedisResultStore redisResultStore(StringRedisTemplate redis, CacheProperties properties, JsonMapper json,
				MeterRegistry meters) {
			return new RedisResultStore(new RedisResults(redis, properties, meters), json, properties);
		}

		/** Hears every replica's deletions (Redis pub/sub); reconnects by itself after an outage. */
		@Bean
		RedisMessageListenerContainer resultDeletions(RedisConnectionFactory connections, RedisResultStore store) {
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			container.setConnectionFactory(connections);
			container.addMessageListener(
					(message, pattern) -> store.deleted(DocumentId.of(new String(message.getBody(), StandardCharsets.US_ASCII))),
					store.deletions());
			return container;
		}

		/**
		 * While Redis is unreachable, fail commands at once rather than queue them until the command timeout: the
		 * cache is optional and requests compute without it. The connection still reconnects in the background.
		 */
		@Bean
		LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
			return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		}

	}

}
