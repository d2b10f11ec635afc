package io.pagewise.answer;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** With {@code pagewise.cache.type=redis}: results in the Redis that Spring Boot connects to. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pagewise.cache.type", havingValue = "redis")
class RedisResultsConfiguration {

	@Bean
	RedisResults redisResults(StringRedisTemplate redis, CacheProperties properties, AnswerProperties answers,
			MeterRegistry meters) {
		return new RedisResults(redis, properties, answers, meters);
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
