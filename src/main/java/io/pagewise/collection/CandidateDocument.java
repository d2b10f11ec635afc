package io.pagewise.collection;

import org.jspecify.annotations.Nullable;

/** A document a question over a collection may draw pages from: its id, its title there, and its page count. */
public record CandidateDocument(String documentId, @Nullable String title, int pageCount) {
}
