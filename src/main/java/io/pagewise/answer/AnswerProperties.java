package io.pagewise.answer;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The answer step and its caches.
 *
 * @param model the default vision chat model
 * @param models the chat models a request may choose
 * @param maxTokens completion budget; reasoning models spend most of it thinking, so never below 1000
 * @param topPages how many of the best pages go to the chat model by default
 * @param maxQuestionLength the longest question accepted, in characters
 * @param cacheSize how many rankings and how many answers to keep
 * @param cacheTtl how long a cached result lives
 * @param requestTimeout the longest a question may take end to end (render, rank, answer)
 * @param maxRequestBytes every chat request body stays within this (the upstream refuses ~1 MB with 413): larger
 * page images are re-encoded smaller, or the lowest-ranked pages left out, and the answer says so
 * @param streamHeartbeat how often a streamed answer sends a comment while it has nothing else to send, so a
 * client that went away is noticed (and its chat call cancelled) even while the model is still reasoning
 */
@Validated
@ConfigurationProperties("pagewise.answer")
record AnswerProperties(@DefaultValue("Qwen/Qwen3.6-27B") @NotBlank String model,
		@DefaultValue({ "Qwen/Qwen3.6-27B", "XiaomiMiMo/MiMo-V2.5-Pro", "moonshotai/Kimi-K2.6" }) @NotEmpty Set<String> models,
		@DefaultValue("1000") @Min(1000) int maxTokens, @DefaultValue("1") @Min(1) @Max(5) int topPages,
		@DefaultValue("2000") @Min(1) int maxQuestionLength, @DefaultValue("10000") @Min(0) long cacheSize,
		@DefaultValue("24h") Duration cacheTtl, @DefaultValue("5m") Duration requestTimeout,
		@DefaultValue("10s") Duration streamHeartbeat, @DefaultValue("950000B") DataSize maxRequestBytes) {

	AnswerProperties {
		models = Set.copyOf(models);
		Assert.isTrue(maxRequestBytes.toBytes() > 0, "pagewise.answer.max-request-bytes must be positive");
	}

}
