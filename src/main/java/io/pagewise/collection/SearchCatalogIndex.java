package io.pagewise.collection;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.pagewise.PagewiseException;
import io.pagewise.search.PageSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This replica's lexical index ({@link PageSearch}) as the {@link CatalogIndexer} feeds it: documents added to a
 * collection are indexed (their text layer extracted first if need be), documents in no collection any more are
 * dropped. The sequence applied is kept in memory, so a restart replays the change sequence once; that is cheap,
 * because indexing a document the index already holds does nothing (a durable sequence needs the index's commit
 * data, which search does not expose yet).
 */
@Component
class SearchCatalogIndex implements CatalogIndex {

	private static final Logger logger = LoggerFactory.getLogger(SearchCatalogIndex.class);

	private final PageSearch search;

	private final AtomicLong applied = new AtomicLong();

	SearchCatalogIndex(PageSearch search) {
		this.search = search;
	}

	@Override
	public long appliedSequence() {
		return this.applied.get();
	}

	@Override
	public void apply(Set<String> index, Set<String> drop, long sequence) {
		drop.forEach(this.search::remove);
		for (String documentId : index) {
			try {
				this.search.index(documentId);
			}
			catch (PagewiseException ex) {
				if (ex.getStatusCode().is5xxServerError()) {
					throw ex; // e.g. text-unavailable: the next poll tries again from the same sequence
				}
				// Deleted meanwhile (its removal is a later change in the sequence): nothing to index, ever.
				logger.debug("Document {} cannot be indexed: {}", documentId, ex.code());
			}
		}
		this.applied.set(sequence);
	}

}
