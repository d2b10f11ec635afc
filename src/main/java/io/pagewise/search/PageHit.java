package io.pagewise.search;

/** A page the lexical first stage found, with its BM25 score (higher is better; 0 when no query term is on it). */
public record PageHit(String documentId, int page, float score) {
}
