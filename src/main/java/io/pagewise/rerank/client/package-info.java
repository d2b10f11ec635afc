/**
 * The wire side of ranking: the {@code /v1/rerank} request and response records, the exact byte size of a
 * request body, and one batch call through the shared {@code InferenceClient}. Used by {@code rerank} only.
 */
@NullMarked
package io.pagewise.rerank.client;

import org.jspecify.annotations.NullMarked;
