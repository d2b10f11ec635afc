package io.pagewise.collection;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A collection as clients see it.
 *
 * @param name its name (the URL segment)
 * @param metadata its metadata object
 * @param documents how many documents it holds
 * @param pages how many pages those documents have together
 */
record CollectionView(String name, JsonNode metadata, long documents, long pages, Instant createdAt,
		Instant updatedAt) {

	static CollectionView of(CollectionRecord record, Memberships.Totals totals) {
		return new CollectionView(record.name(), Metadata.parse(record.metadata()).node(), totals.documents(),
				totals.pages(), record.createdAt(), record.updatedAt());
	}

}
