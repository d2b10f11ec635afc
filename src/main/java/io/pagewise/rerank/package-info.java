/**
 * Ranking a document's pages for one query with a visual reranker: pages packed into batches by the exact byte
 * size of the request body, batches scored concurrently, scores merged by global page number.
 */
@NullMarked
package io.pagewise.rerank;

import org.jspecify.annotations.NullMarked;
