package io.pagewise.answer;

/** Milliseconds spent picking candidate pages, rendering them, reranking, answering, and in total. */
public record CollectionTimings(long candidatesMs, long renderMs, long rerankMs, long chatMs, long totalMs) {
}
