package io.pagewise.collection;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Collections: create, list, edit and delete them, and, for questions across one, the documents a filter
 * selects ({@link #candidatePages}). Every edit is one database transaction; metadata edits (PATCH) are
 * checked against the version they were read at and retried on a concurrent change, so none is lost.
 */
@Service
public class Collections {

	/** Concurrent PATCHes of one collection that may overtake an edit before it gives up with 409. */
	private static final int MAX_EDIT_ATTEMPTS = 50;

	private final Catalog catalog;

	private final CollectionRepository repository;

	private final Memberships memberships;

	private final CatalogChanges changes;

	private final CollectionProperties properties;

	private final DocumentRemovals removals;

	private final Clock clock = Clock.systemUTC();

	Collections(Catalog catalog, CollectionRepository repository, Memberships memberships, CatalogChanges changes,
			CollectionProperties properties, DocumentRemovals removals) {
		this.catalog = catalog;
		this.repository = repository;
		this.memberships = memberships;
		this.changes = changes;
		this.properties = properties;
		this.removals = removals;
	}

	/**
	 * The documents of a collection that match {@code filter} (a metadata filter, see README; null for all) and,
	 * when given, are among {@code documentIds}; in document id order. A filter that matches nothing gives an
	 * empty list; a malformed one a 400 {@code invalid-filter}; an unknown collection a 404.
	 */
	public List<CandidateDocument> candidatePages(String collection, @Nullable JsonNode filter,
			@Nullable Collection<String> documentIds) {
		MetadataFilter condition = MetadataFilter.parse(filter);
		Set<String> wanted = (documentIds != null) ? Set.copyOf(documentIds) : null;
		this.removals.completePending();
		return this.catalog.inTransaction((status) -> this.memberships.all(find(collection).requiredId())
			.stream()
			.filter((membership) -> wanted == null || wanted.contains(membership.documentId()))
			.filter((membership) -> condition.test(membership.metadata().node()))
			.map((membership) -> new CandidateDocument(membership.documentId(), membership.title(),
					membership.pageCount()))
			.toList());
	}

	/** True when these documents have so few pages together that every page is reranked (no first stage). */
	public boolean rerankAllPages(List<CandidateDocument> documents) {
		return documents.stream().mapToLong(CandidateDocument::pageCount).sum() <= this.properties.rerankAllPages();
	}

	/** How many pages the first stage picks when a question names no {@code candidates}. */
	public int defaultCandidates() {
		return this.properties.candidates();
	}

	/** Whether a document is in any collection (a search index keeps only those). */
	public boolean isMember(String documentId) {
		return this.catalog.inTransaction((status) -> this.memberships.isMember(documentId));
	}

	CollectionView create(String name, @Nullable JsonNode metadata) {
		CollectionName valid = CollectionName.of(name);
		Metadata values = Metadata.of(metadata);
		try {
			return this.catalog.inTransaction((status) -> view(
					this.repository.save(CollectionRecord.create(valid, values, this.clock.instant()))));
		}
		catch (DuplicateKeyException ex) {
			throw CollectionProblems.exists(valid.value());
		}
	}

	Listing<CollectionView> list(@Nullable String after, int size) {
		return this.catalog.inTransaction((status) -> {
			List<CollectionRecord> records = this.repository
				.findByNameGreaterThanOrderByName((after != null) ? after : "", Limit.of(size + 1));
			Listing<CollectionRecord> page = Listing.of(records, size, CollectionRecord::name);
			Map<Long, Memberships.Totals> totals = this.memberships
				.totals(page.items().stream().map(CollectionRecord::requiredId).toList());
			return page.map((record) -> CollectionView.of(record,
					totals.getOrDefault(record.requiredId(), Memberships.Totals.NONE)));
		});
	}

	CollectionView get(String name) {
		return this.catalog.inTransaction((status) -> view(find(name)));
	}

	/** Merges {@code metadata} into the collection's (RFC 7396: null removes a key), retrying on a concurrent edit. */
	CollectionView patch(String name, @Nullable JsonNode metadata) {
		if (metadata == null || !metadata.isObject()) {
			throw CollectionProblems.invalidMetadata("to merge into the collection's, e.g. {\"metadata\": {\"owner\": \"ops\"}}");
		}
		for (int attempt = 1; attempt <= MAX_EDIT_ATTEMPTS; attempt++) {
			try {
				return this.catalog.inTransaction((status) -> {
					CollectionRecord record = find(name);
					Metadata merged = Metadata.parse(record.metadata()).merge(metadata);
					return view(this.repository.save(record.withMetadata(merged, this.clock.instant())));
				});
			}
			catch (OptimisticLockingFailureException ex) {
				// Someone else's edit committed first: read theirs and merge ours into it.
			}
		}
		throw CollectionProblems.concurrentModification(name);
	}

	/** Deletes the collection and its memberships (the documents stay), noting each removal for the indexes. */
	void delete(String name) {
		this.catalog.inTransaction((status) -> {
			CollectionRecord record = find(name);
			this.changes.recordRemovalOfAll(record.requiredId());
			this.repository.delete(record);
			return true;
		});
	}

	/** The collection by name (inside a transaction), or 404. */
	CollectionRecord find(String name) {
		CollectionName valid = CollectionName.of(name);
		return this.repository.findByName(valid.value()).orElseThrow(() -> CollectionProblems.notFound(valid.value()));
	}

	private CollectionView view(CollectionRecord record) {
		return CollectionView.of(record, this.memberships.totals(record.requiredId()));
	}

}
