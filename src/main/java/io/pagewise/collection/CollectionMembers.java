package io.pagewise.collection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.Upload;
import io.pagewise.page.PageRenderer;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The documents of a collection: add (an uploaded document by id, or an upload), list and filter, remove. Each
 * change is one transaction that also writes the change sequence the search indexes follow. A document deleted
 * from Pagewise leaves every collection ({@link DocumentRemovals}).
 */
@Service
class CollectionMembers {

	static final int MAX_TITLE_LENGTH = 1000;

	private final Catalog catalog;

	private final Collections collections;

	private final Memberships memberships;

	private final CatalogChanges changes;

	private final Documents documents;

	private final PageRenderer renderer;

	private final DocumentRemovals removals;

	private final Clock clock = Clock.systemUTC();

	CollectionMembers(Catalog catalog, Collections collections, Memberships memberships, CatalogChanges changes,
			Documents documents, PageRenderer renderer, DocumentRemovals removals) {
		this.catalog = catalog;
		this.collections = collections;
		this.memberships = memberships;
		this.changes = changes;
		this.documents = documents;
		this.renderer = renderer;
		this.removals = removals;
	}

	/** Uploads a PDF (as {@code POST /api/v1/documents} does) and adds it to the collection. */
	Added upload(String collection, Upload upload, @Nullable String title, @Nullable JsonNode metadata) {
		// Refuse a bad request before storing a PDF for nothing.
		Metadata.of(metadata);
		title(title);
		this.catalog.inTransaction((status) -> this.collections.find(collection));
		DocumentSummary summary = this.renderer.ingest(upload).summary();
		return put(collection, summary.id(), title, metadata);
	}

	/** Adds an uploaded document, or replaces its title and metadata in this collection. */
	Added put(String collection, String documentId, @Nullable String title, @Nullable JsonNode metadata) {
		CollectionName name = CollectionName.of(collection);
		DocumentId id = DocumentId.of(documentId);
		Metadata values = Metadata.of(metadata);
		String validTitle = title(title);
		// Renders the document if a crash left it unrendered; 404 document-not-found when it is not stored.
		int pageCount = this.renderer.summary(id).pageCount();
		Added added = upsert(name, id.value(), validTitle, values, pageCount);
		if (this.documents.find(id).isEmpty()) {
			// Deleted while it was being added: its DocumentDeleted may have run before our insert committed.
			this.removals.remove(id.value());
			this.renderer.summary(id); // throws document-not-found
		}
		return added;
	}

	private Added upsert(CollectionName name, String documentId, @Nullable String title, Metadata metadata,
			int pageCount) {
		try {
			return this.catalog.inTransaction((status) -> {
				long collectionId = this.collections.find(name.value()).requiredId();
				Instant now = this.clock.instant();
				if (this.memberships.update(collectionId, documentId, title, metadata, now)) {
					return new Added(view(collectionId, documentId), false);
				}
				this.memberships.insert(new Membership(collectionId, documentId, title, metadata, pageCount, now, now));
				this.changes.record(documentId, CatalogChange.Kind.ADDED);
				return new Added(view(collectionId, documentId), true);
			});
		}
		catch (DuplicateKeyException ex) {
			// A concurrent add of the same document committed first: ours becomes an update of it.
			return upsert(name, documentId, title, metadata, pageCount);
		}
		catch (DataIntegrityViolationException ex) {
			// The collection was deleted between our lookup and our insert.
			throw CollectionProblems.notFound(name.value());
		}
	}

	MemberView get(String collection, String documentId) {
		return this.catalog.inTransaction((status) -> {
			long collectionId = this.collections.find(collection).requiredId();
			return this.memberships.find(collectionId, DocumentId.of(documentId).value())
				.map(MemberView::of)
				.orElseThrow(() -> CollectionProblems.memberNotFound(collection, documentId));
		});
	}

	/**
	 * A page of the collection's documents that match {@code filter}, in document id order after {@code after}.
	 * Filtered in Java over the collection's rows: collections hold thousands of documents, not millions, and
	 * H2 and PostgreSQL share no JSON query syntax (see MetadataFilter).
	 */
	Listing<MemberView> list(String collection, @Nullable JsonNode filter, @Nullable String after, int size) {
		MetadataFilter condition = MetadataFilter.parse(filter);
		String cursor = (after != null) ? after : "";
		this.removals.completePending();
		return this.catalog.inTransaction((status) -> {
			long collectionId = this.collections.find(collection).requiredId();
			List<Membership> fetched = (condition == MetadataFilter.ALL)
					? this.memberships.page(collectionId, cursor, size + 1)
					: this.memberships.all(collectionId)
						.stream()
						.filter((membership) -> membership.documentId().compareTo(cursor) > 0)
						.filter((membership) -> condition.test(membership.metadata().node()))
						.limit(size + 1)
						.toList();
			return Listing.of(fetched, size, Membership::documentId).map(MemberView::of);
		});
	}

	/** Removes the document from the collection; the document itself stays. */
	void remove(String collection, String documentId) {
		String id = DocumentId.of(documentId).value();
		this.catalog.inTransaction((status) -> {
			if (!this.memberships.delete(this.collections.find(collection).requiredId(), id)) {
				throw CollectionProblems.memberNotFound(collection, id);
			}
			this.changes.record(id, CatalogChange.Kind.REMOVED);
			return true;
		});
	}

	private MemberView view(long collectionId, String documentId) {
		return this.memberships.find(collectionId, documentId)
			.map(MemberView::of)
			.orElseThrow(() -> new IllegalStateException("Membership vanished inside its own transaction"));
	}

	private static @Nullable String title(@Nullable String title) {
		if (title == null || title.isBlank()) {
			return null;
		}
		if (title.length() > MAX_TITLE_LENGTH) {
			throw CollectionProblems.invalidRequest("A title is at most " + MAX_TITLE_LENGTH + " characters.");
		}
		return title.strip();
	}

	/** The outcome of an add: the membership, and whether it is new. */
	record Added(MemberView member, boolean created) {
	}

}
