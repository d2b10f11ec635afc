package io.pagewise.answer;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.answer.chat.VisionChat;
import io.pagewise.inference.InferenceClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The chat client, configured from {@code pagewise.answer.*}. */
@Configuration(proxyBeanMethods = false)
class AnswerConfiguration {

	@Bean
	VisionChat visionChat(InferenceClient inference, AnswerProperties properties, MeterRegistry meters,
			JsonMapper json) {
		return new VisionChat(inference, new VisionChat.Limits(properties.maxTokens(),
				properties.maxRequestBytes().toBytes()), meters, json);
	}

}
