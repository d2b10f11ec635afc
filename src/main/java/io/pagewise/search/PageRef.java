package io.pagewise.search;

/** A page of a document, by its 1-based number. */
public record PageRef(String documentId, int page) {
}
