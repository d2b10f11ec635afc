package io.pagewise.collection;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A document in a collection, with the title and metadata it has there, and the document's page count. */
record Membership(long collectionId, String documentId, @Nullable String title, Metadata metadata, int pageCount,
		Instant addedAt, Instant updatedAt) {
}
