package io.pagewise.collection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The memberships table, in plain SQL: a collection holds thousands of them, so they are rows of their own
 * (keyset-paged, inserted and removed one statement at a time), not a set reloaded and rewritten with the
 * collection aggregate as Spring Data JDBC would do.
 */
@Repository
class Memberships {

	private static final String COLUMNS = "collection_id, document_id, title, metadata, page_count, added_at, updated_at";

	private final JdbcClient jdbc;

	Memberships(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts a new membership; a concurrent insert of the same one fails with DuplicateKeyException. */
	void insert(Membership membership) {
		this.jdbc.sql("INSERT INTO memberships (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(membership.collectionId(), membership.documentId(), membership.title(),
					membership.metadata().json(), membership.pageCount(), timestamp(membership.addedAt()),
					timestamp(membership.updatedAt()))
			.update();
	}

	/** Replaces the title and metadata of an existing membership; false when there is none. */
	boolean update(long collectionId, String documentId, @Nullable String title, Metadata metadata, Instant now) {
		return this.jdbc
			.sql("UPDATE memberships SET title = ?, metadata = ?, updated_at = ? WHERE collection_id = ? AND document_id = ?")
			.params(title, metadata.json(), timestamp(now), collectionId, documentId)
			.update() > 0;
	}

	boolean delete(long collectionId, String documentId) {
		return this.jdbc.sql("DELETE FROM memberships WHERE collection_id = ? AND document_id = ?")
			.params(collectionId, documentId)
			.update() > 0;
	}

	/** Removes a document from every collection; how many memberships it had. */
	int deleteDocument(String documentId) {
		return this.jdbc.sql("DELETE FROM memberships WHERE document_id = ?").param(documentId).update();
	}

	Optional<Membership> find(long collectionId, String documentId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM memberships WHERE collection_id = ? AND document_id = ?")
			.params(collectionId, documentId)
			.query(Memberships::row)
			.optional();
	}

	/** Up to {@code limit} memberships in document id order after {@code after} (keyset paging). */
	List<Membership> page(long collectionId, String after, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM memberships WHERE collection_id = ? AND document_id > ? "
					+ "ORDER BY document_id FETCH FIRST " + limit + " ROWS ONLY")
			.params(collectionId, after)
			.query(Memberships::row)
			.list();
	}

	/** Every membership of a collection in document id order, for filtering in Java (see MetadataFilter). */
	List<Membership> all(long collectionId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM memberships WHERE collection_id = ? ORDER BY document_id")
			.param(collectionId)
			.query(Memberships::row)
			.list();
	}

	/** How many documents and pages a collection holds. */
	Totals totals(long collectionId) {
		return this.jdbc
			.sql("SELECT COUNT(*), COALESCE(SUM(page_count), 0) FROM memberships WHERE collection_id = ?")
			.param(collectionId)
			.query((rs, n) -> new Totals(rs.getLong(1), rs.getLong(2)))
			.single();
	}

	private static Membership row(ResultSet rs, int rowNum) throws SQLException {
		return new Membership(rs.getLong("collection_id"), rs.getString("document_id"), rs.getString("title"),
				Metadata.parse(rs.getString("metadata")), rs.getInt("page_count"), instant(rs, "added_at"),
				instant(rs, "updated_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, java.time.OffsetDateTime.class).toInstant();
	}

	private static java.time.OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(java.time.ZoneOffset.UTC);
	}

	/** The sizes of several collections at once (collections without members are absent). */
	Map<Long, Totals> totals(List<Long> collectionIds) {
		if (collectionIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, Totals> totals = new HashMap<>();
		this.jdbc
			.sql("SELECT collection_id, COUNT(*), COALESCE(SUM(page_count), 0) FROM memberships "
					+ "WHERE collection_id IN (:ids) GROUP BY collection_id")
			.param("ids", collectionIds)
			.query((rs) -> {
				totals.put(rs.getLong(1), new Totals(rs.getLong(2), rs.getLong(3)));
			});
		return totals;
	}

	boolean isMember(String documentId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM memberships WHERE document_id = ?")
			.param(documentId)
			.query(Long.class)
			.single() > 0;
	}

	/** A collection's size. */
	record Totals(long documents, long pages) {

		static final Totals NONE = new Totals(0, 0);

	}

}
