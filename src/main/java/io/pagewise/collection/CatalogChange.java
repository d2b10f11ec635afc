package io.pagewise.collection;

/**
 * One entry of the catalog's change sequence: a document joined a collection ({@code ADDED}: make sure it is
 * indexed) or left one or was deleted ({@code REMOVED}: drop it from the index unless it is still a member
 * somewhere, see {@link Collections#isMember(String)}).
 */
public record CatalogChange(long sequence, String documentId, Kind kind) {

	/** What happened to the document. */
	public enum Kind {

		ADDED, REMOVED

	}

}
