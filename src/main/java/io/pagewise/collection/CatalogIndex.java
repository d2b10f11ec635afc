package io.pagewise.collection;

import java.util.Set;

/**
 * A replica's search index as the catalog keeps it current: the documents that are in some collection. The
 * search feature must not depend on collections, so an adapter in this package implements this over its index
 * (e.g. {@code search.PageIndex}); {@link CatalogIndexer} feeds it from the change sequence. Without such a bean
 * nothing is fed, and questions still only ever see current members ({@link Collections#candidatePages}).
 */
public interface CatalogIndex {

	/**
	 * The last change sequence this index holds, kept durably with the index itself (a Lucene commit's user data),
	 * so that a restart replays only what the index missed; 0 for a new or rebuilt index.
	 */
	long appliedSequence();

	/** Indexes the pages of {@code index}, drops {@code drop}, and records {@code sequence} with them atomically. */
	void apply(Set<String> index, Set<String> drop, long sequence);

}
