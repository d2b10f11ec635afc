package io.pagewise.collection;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Collections' settings ({@code pagewise.collections.*}).
 *
 * @param rerankAllPages up to this many filtered pages a question reranks every page (exact); above, a first
 * stage picks {@code candidates} pages
 * @param candidates pages the first stage hands to the reranker by default
 * @param pageSize items per listing page when the client names no {@code size}
 * @param maxPageSize the largest {@code size} a client may ask for
 * @param changeSettle how long a gap in the change sequence is waited for before it is skipped (longer than any
 * catalog transaction, which time out after {@code transactionTimeout})
 * @param transactionTimeout the longest a catalog transaction may take
 * @param indexPoll how often this replica's search index is brought up to date with the change sequence
 */
@Validated
@ConfigurationProperties("pagewise.collections")
record CollectionProperties(@DefaultValue("300") @Min(1) int rerankAllPages, @DefaultValue("100") @Min(1) int candidates,
		@DefaultValue("50") @Min(1) @Max(1000) int pageSize, @DefaultValue("200") @Min(1) @Max(1000) int maxPageSize,
		@DefaultValue("30s") Duration changeSettle, @DefaultValue("10s") Duration transactionTimeout,
		@DefaultValue("2s") Duration indexPoll) {
}
