package io.pagewise.rerank;

/**
 * One page's relevance to a query.
 *
 * @param page 1-based page number in its document
 * @param score the reranker's score; comparable only with scores for the same query and model
 */
public record RankedPage(int page, double score) {
}
