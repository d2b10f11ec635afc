package io.pagewise.collection;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A document in a collection as clients see it.
 *
 * @param documentId the document's SHA-256
 * @param title its title in this collection (null if none was given)
 * @param metadata its metadata in this collection
 * @param pageCount the document's pages
 * @param documentUrl where the document's summary and page images are
 */
record MemberView(String documentId, @Nullable String title, JsonNode metadata, int pageCount, Instant addedAt,
		Instant updatedAt, String documentUrl) {

	static MemberView of(Membership membership) {
		return new MemberView(membership.documentId(), membership.title(), membership.metadata().node(),
				membership.pageCount(), membership.addedAt(), membership.updatedAt(),
				"/api/v1/documents/" + membership.documentId());
	}

}
