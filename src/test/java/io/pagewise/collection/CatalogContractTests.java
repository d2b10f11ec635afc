package io.pagewise.collection;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pagewise.PagewiseException;
import io.pagewise.TestPdfs;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.page.PageRenderer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the catalog promises on every database it runs on (H2 and PostgreSQL subclasses): concurrent edits are
 * transactions that lose nothing, the change sequence records every membership change in order, filters select.
 */
abstract class CatalogContractTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final int THREADS = 8;

	@Autowired
	private Collections collections;

	@Autowired
	private CollectionMembers members;

	@Autowired
	private CatalogChanges changes;

	@Autowired
	private Documents documents;

	@Autowired
	private PageRenderer renderer;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CollectionProperties properties;

	@Test
	void concurrentPatchesOfOneCollectionAllLand() throws Exception {
		this.collections.create("patched", json("{\"base\":true}"));
		List<Callable<Object>> edits = new ArrayList<>();
		for (int thread = 0; thread < THREADS; thread++) {
			for (int edit = 0; edit < 5; edit++) {
				String key = "k" + thread + "_" + edit;
				edits.add(() -> this.collections.patch("patched", json("{\"" + key + "\":1}")));
			}
		}
		runConcurrently(edits);
		JsonNode metadata = this.collections.get("patched").metadata();
		assertThat(metadata.propertyNames()).hasSize(1 + THREADS * 5).contains("base", "k0_0", "k7_4");
	}

	@Test
	void concurrentAddsOfOneDocumentMakeOneMembershipAndOneChange() throws Exception {
		this.collections.create("raced", null);
		String id = upload("raced document");
		long before = this.changes.latest();
		List<Callable<Object>> adds = new ArrayList<>();
		for (int thread = 0; thread < THREADS; thread++) {
			String title = "title " + thread;
			adds.add(() -> this.members.put("raced", id, title, json("{\"n\":1}")));
		}
		runConcurrently(adds);
		assertThat(this.members.list("raced", null, null, 10).items()).singleElement()
			.satisfies((member) -> assertThat(member.title()).startsWith("title "));
		assertThat(this.changes.since(before, 100)).filteredOn((change) -> change.documentId().equals(id))
			.extracting(CatalogChange::kind)
			.containsExactly(CatalogChange.Kind.ADDED);
	}

	@Test
	void concurrentAddsOfManyDocumentsAllLand() throws Exception {
		this.collections.create("crowded", null);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(upload("crowded " + i));
		}
		List<Callable<Object>> adds = new ArrayList<>();
		for (int thread = 0; thread < THREADS; thread++) {
			String id = ids.get(thread % ids.size());
			String other = ids.get((thread + 1) % ids.size());
			adds.add(() -> this.members.put("crowded", id, null, null));
			adds.add(() -> this.members.put("crowded", other, null, json("{\"thread\":1}")));
		}
		runConcurrently(adds);
		assertThat(this.members.list("crowded", null, null, 10).items()).extracting(MemberView::documentId)
			.containsExactlyElementsOf(ids.stream().sorted().toList());
	}

	@Test
	void everyMembershipChangeIsInTheSequenceInOrder() {
		this.collections.create("sequenced", null);
		String id = upload("sequenced document");
		long before = this.changes.latest();
		this.members.put("sequenced", id, "t", null);
		this.members.put("sequenced", id, "t2", null); // an update: no change for the index
		this.members.remove("sequenced", id);
		this.members.put("sequenced", id, "t3", null);
		this.collections.delete("sequenced");
		List<CatalogChange> changes = this.changes.since(before, 100);
		assertThat(changes).extracting(CatalogChange::documentId).containsOnly(id);
		assertThat(changes).extracting(CatalogChange::kind)
			.containsExactly(CatalogChange.Kind.ADDED, CatalogChange.Kind.REMOVED, CatalogChange.Kind.ADDED,
					CatalogChange.Kind.REMOVED);
		assertThat(changes).extracting(CatalogChange::sequence).isSorted().doesNotHaveDuplicates();
		assertThat(this.changes.since(changes.get(1).sequence(), 100)).hasSize(2);
		assertThat(this.changes.since(before, 2)).hasSize(2);
	}

	@Test
	void aGapInTheSequenceIsWaitedForUntilItSettles() {
		long last = this.changes.latest();
		String id = "c".repeat(64);
		insertChange(last + 1, id, Instant.now());
		insertChange(last + 3, id, Instant.now()); // last + 2: a transaction still running, or rolled back
		assertThat(this.changes.since(last, 10)).extracting(CatalogChange::sequence).containsExactly(last + 1);
		CatalogChanges settled = new CatalogChanges(this.jdbc, java.time.Clock.offset(java.time.Clock.systemUTC(),
				Duration.ofMinutes(2)), Duration.ofSeconds(30));
		assertThat(settled.since(last, 10)).extracting(CatalogChange::sequence).containsExactly(last + 1, last + 3);
		this.jdbc.sql("DELETE FROM catalog_changes WHERE sequence > ?").param(last).update();
	}

	@Test
	void candidatePagesAreTheFilteredDocumentsWithTheirPageCounts() {
		this.collections.create("candidates", null);
		String old = upload("old report", 2);
		String recent = upload("recent report", 3);
		this.members.put("candidates", old, "Old", json("{\"year\":2019,\"lang\":\"en\"}"));
		this.members.put("candidates", recent, "Recent", json("{\"year\":2024,\"lang\":\"de\"}"));
		assertThat(this.collections.candidatePages("candidates", null, null)).hasSize(2);
		assertThat(this.collections.candidatePages("candidates", json("{\"year\":{\"$gte\":2020}}"), null))
			.containsExactly(new CandidateDocument(recent, "Recent", 3));
		assertThat(this.collections.candidatePages("candidates", null, List.of(old)))
			.containsExactly(new CandidateDocument(old, "Old", 2));
		assertThat(this.collections.candidatePages("candidates", json("{\"lang\":\"fr\"}"), null)).isEmpty();
		assertThat(this.collections.candidatePages("candidates", null, List.of())).isEmpty();
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> this.collections.candidatePages("candidates", json("{\"year\":{\"$regex\":1}}"), null))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("invalid-filter"));
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> this.collections.candidatePages("missing", null, null))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("collection-not-found"));
	}

	@Test
	void aDeletedDocumentLeavesEveryCollectionAndTheSequenceSaysSo() {
		this.collections.create("keeps-a", null);
		this.collections.create("keeps-b", null);
		String id = upload("to be deleted");
		this.members.put("keeps-a", id, null, null);
		this.members.put("keeps-b", id, null, null);
		long before = this.changes.latest();
		this.documents.delete(DocumentId.of(id));
		assertThat(this.collections.isMember(id)).isFalse();
		assertThat(this.collections.get("keeps-a").documents()).isZero();
		assertThat(this.changes.since(before, 10)).extracting(CatalogChange::kind)
			.containsExactly(CatalogChange.Kind.REMOVED);
	}

	@Test
	void theIndexerFeedsAnIndexFromItsOwnSequenceAndKeepsDocumentsStillInAnotherCollection() {
		this.collections.create("indexed-a", null);
		this.collections.create("indexed-b", null);
		String shared = upload("indexed shared");
		String single = upload("indexed single");
		MemoryIndex index = new MemoryIndex(this.changes.latest());
		CatalogIndexer indexer = new CatalogIndexer(this.changes, this.collections,
				new StaticListableBeanFactory().getBeanProvider(CatalogIndex.class), this.properties);
		this.members.put("indexed-a", shared, null, null);
		this.members.put("indexed-b", shared, null, null);
		this.members.put("indexed-a", single, null, null);
		assertThat(indexer.catchUp(index)).isEqualTo(3);
		assertThat(index.documents).containsExactlyInAnyOrder(shared, single);
		this.collections.delete("indexed-a");
		indexer.catchUp(index);
		assertThat(index.documents).containsExactly(shared);
		assertThat(indexer.catchUp(index)).as("a current index replays nothing").isZero();
		assertThat(index.sequence).isEqualTo(this.changes.latest());
	}

	/** An index that only remembers which documents it holds and up to where. */
	private static final class MemoryIndex implements CatalogIndex {

		final java.util.Set<String> documents = new java.util.HashSet<>();

		long sequence;

		MemoryIndex(long sequence) {
			this.sequence = sequence;
		}

		@Override
		public long appliedSequence() {
			return this.sequence;
		}

		@Override
		public void apply(java.util.Set<String> index, java.util.Set<String> drop, long sequence) {
			this.documents.addAll(index);
			this.documents.removeAll(drop);
			this.sequence = sequence;
		}

	}

	private String upload(String label) {
		return upload(label, 1);
	}

	private String upload(String label, int pages) {
		byte[] pdf = TestPdfs.letter(pages, label + " " + getClass().getSimpleName());
		return this.renderer.ingest(() -> new java.io.ByteArrayInputStream(pdf)).summary().id();
	}

	private void insertChange(long sequence, String documentId, Instant at) {
		this.jdbc.sql("INSERT INTO catalog_changes (sequence, document_id, kind, changed_at) VALUES (?, ?, 'ADDED', ?)")
			.params(sequence, documentId, at.atOffset(ZoneOffset.UTC))
			.update();
	}

	private static void runConcurrently(List<Callable<Object>> tasks) throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
			for (Future<Object> result : pool.invokeAll(tasks)) {
				result.get();
			}
		}
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
