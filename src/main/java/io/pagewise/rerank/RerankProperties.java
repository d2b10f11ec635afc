package io.pagewise.rerank;

import java.util.Set;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How pages are ranked.
 *
 * @param model the default rerank model
 * @param maxRequestBytes every request body stays strictly below this (the upstream refuses ~1 MB with 413)
 * @param maxPagesPerBatch the most pages in one request; 0 for no limit but the byte budget
 * @param concurrency batches of one ranking in flight at once (all rankings together are held to the upstream's
 * adaptive limit, {@code pagewise.inference.*}), and the most batches a document of known length is split into
 * when that many calls are free; 16 ranks a typical 60-page document in one round trip, and keeps up with
 * rendering on a long one (see BENCHMARKS.md)
 * @param models the models a client may choose
 * @param minPagesPerSplit the fewest pages per batch when a document is split over the free calls: each call has
 * a fixed cost, and a short document is best ranked in one
 */
@Validated
@ConfigurationProperties("pagewise.rerank")
record RerankProperties(@DefaultValue(FLASH) String model, @DefaultValue("950000B") DataSize maxRequestBytes,
		@DefaultValue("0") @Min(0) int maxPagesPerBatch, @DefaultValue("16") @Min(1) int concurrency,
		@DefaultValue({ FLASH, CORE, PRIME }) Set<String> models, @DefaultValue("4") @Min(1) int minPagesPerSplit) {

	static final String FLASH = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B";

	static final String CORE = "vultr/VultronRetrieverCore-Qwen3.5-4.5B";

	static final String PRIME = "vultr/VultronRetrieverPrime-Qwen3.5-8B";

	RerankProperties {
		Assert.isTrue(models.contains(model), "pagewise.rerank.model must be one of pagewise.rerank.models");
		models = Set.copyOf(models);
		Assert.isTrue(maxRequestBytes.toBytes() > 0, "pagewise.rerank.max-request-bytes must be positive");
	}

}
