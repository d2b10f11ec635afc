package io.pagewise.collection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.pagewise.document.Documents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A document deleted from Pagewise leaves every collection, in one transaction that also tells the search indexes
 * (the change sequence). Never fails the delete itself: the document is gone by then, and other features' listeners
 * (result caches) must still run. Should the database be unreachable, the removal is retried before the next
 * catalog read of this replica, so no list or question of it shows the document again.
 */
@Component
class DocumentRemovals {

	private static final Logger logger = LoggerFactory.getLogger(DocumentRemovals.class);

	private final Catalog catalog;

	private final Memberships memberships;

	private final CatalogChanges changes;

	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	DocumentRemovals(Catalog catalog, Memberships memberships, CatalogChanges changes) {
		this.catalog = catalog;
		this.memberships = memberships;
		this.changes = changes;
	}

	@EventListener
	@Order(Ordered.LOWEST_PRECEDENCE)
	void on(Documents.DocumentDeleted deleted) {
		String documentId = deleted.id().value();
		try {
			remove(documentId);
		}
		catch (RuntimeException ex) {
			this.pending.add(documentId);
			logger.error("Document {} was deleted but could not leave its collections yet; retried on the next "
					+ "catalog request ({})", documentId, ex.toString());
		}
	}

	/** Removes a document from every collection now. */
	void remove(String documentId) {
		this.catalog.inTransaction((status) -> {
			this.memberships.deleteDocument(documentId);
			this.changes.record(documentId, CatalogChange.Kind.REMOVED);
			return true;
		});
	}

	/** Completes removals the database missed; throws (503) while it still cannot. */
	void completePending() {
		for (String documentId : this.pending) {
			remove(documentId);
			this.pending.remove(documentId);
		}
	}

}
