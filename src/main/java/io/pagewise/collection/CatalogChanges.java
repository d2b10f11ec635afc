package io.pagewise.collection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The catalog's change sequence (an outbox table): every membership change is written here in the transaction
 * that makes it, and each replica's search index reads it with {@link #since} and remembers the last sequence it
 * applied, so that a restart replays only what it missed.
 */
@Repository
public class CatalogChanges {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration settle;

	@Autowired
	CatalogChanges(JdbcClient jdbc, CollectionProperties properties) {
		this(jdbc, Clock.systemUTC(), properties.changeSettle());
	}

	CatalogChanges(JdbcClient jdbc, Clock clock, Duration settle) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.settle = settle;
	}

	/**
	 * Up to {@code max} changes after {@code sequence}, in order. Sequence numbers are handed out at insert but
	 * become visible at commit, so a later number can show up before an earlier one: past a gap, only changes
	 * older than {@code pagewise.collections.change-settle} are returned (by then the transaction holding the
	 * missing number has committed or rolled back: catalog transactions time out well before). A reader that
	 * resumes from the last sequence it was given therefore never skips a change.
	 */
	public List<CatalogChange> since(long sequence, int max) {
		Instant settled = this.clock.instant().minus(this.settle);
		List<CatalogChange> changes = new ArrayList<>();
		long expected = sequence + 1;
		for (Row row : rows(sequence, max)) {
			if (row.change().sequence() != expected && row.changedAt().isAfter(settled)) {
				break;
			}
			changes.add(row.change());
			expected = row.change().sequence() + 1;
		}
		return changes;
	}

	/** The newest sequence number written so far (0 when there is none). */
	public long latest() {
		return this.jdbc.sql("SELECT COALESCE(MAX(sequence), 0) FROM catalog_changes").query(Long.class).single();
	}

	void record(String documentId, CatalogChange.Kind kind) {
		this.jdbc.sql("INSERT INTO catalog_changes (document_id, kind, changed_at) VALUES (?, ?, ?)")
			.params(documentId, kind.name(), now())
			.update();
	}

	/** Records the removal of every document of a collection about to be deleted. */
	void recordRemovalOfAll(long collectionId) {
		this.jdbc
			.sql("INSERT INTO catalog_changes (document_id, kind, changed_at) "
					+ "SELECT document_id, ?, ? FROM memberships WHERE collection_id = ? ORDER BY document_id")
			.params(CatalogChange.Kind.REMOVED.name(), now(), collectionId)
			.update();
	}

	private List<Row> rows(long sequence, int max) {
		return this.jdbc
			.sql("SELECT sequence, document_id, kind, changed_at FROM catalog_changes WHERE sequence > ? "
					+ "ORDER BY sequence FETCH FIRST " + Math.max(1, max) + " ROWS ONLY")
			.param(sequence)
			.query((rs, n) -> new Row(
					new CatalogChange(rs.getLong(1), rs.getString(2), CatalogChange.Kind.valueOf(rs.getString(3))),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.list();
	}

	/**
	 * The writing replica's clock, not the database's: PostgreSQL's CURRENT_TIMESTAMP is the transaction's start,
	 * which can precede the moment a sequence number is drawn.
	 */
	private OffsetDateTime now() {
		return this.clock.instant().atOffset(ZoneOffset.UTC);
	}

	private record Row(CatalogChange change, Instant changedAt) {
	}

}
