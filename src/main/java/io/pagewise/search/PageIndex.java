package io.pagewise.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import io.pagewise.page.text.PageText;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The Lucene index on local disk: one Lucene document per page ({@code documentId}, {@code page}, {@code text}, a
 * {@code textless} flag) plus one marker per indexed document, added and removed together, so the index itself
 * remembers which documents it holds across restarts. Opened on first use; an index written with another analysis
 * ({@link #VERSION} in the commit data) is discarded and rebuilt as documents are asked for.
 */
class PageIndex implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(PageIndex.class);

	/** Raised whenever analysis or fields change: older indexes are then rebuilt rather than read wrongly. */
	static final String VERSION = "1";

	private static final String VERSION_KEY = "pagewise.index.version";

	static final String DOCUMENT_ID = "documentId";

	static final String PAGE = "page";

	static final String TEXT = "text";

	private static final String TEXTLESS = "textless";

	private static final String MARKER = "indexed";

	private static final String PAGE_COUNT = "pageCount";

	private final Path dir;

	private final PageAnalyzer analyzer = new PageAnalyzer();

	private @Nullable OpenIndex open; // guarded by this

	PageIndex(Path dir) {
		this.dir = dir.toAbsolutePath().normalize();
	}

	PageAnalyzer analyzer() {
		return this.analyzer;
	}

	/** The number of pages of an indexed document; empty when it is not in the index. */
	OptionalInt pageCount(String documentId) {
		return read((searcher) -> {
			TopDocs top = searcher.search(new TermQuery(new Term(MARKER, documentId)), 1);
			if (top.scoreDocs.length == 0) {
				return OptionalInt.empty();
			}
			Document marker = searcher.storedFields().document(top.scoreDocs[0].doc, Set.of(PAGE_COUNT));
			return OptionalInt.of(marker.getField(PAGE_COUNT).numericValue().intValue());
		});
	}

	/** Puts the document's pages in the index, replacing whatever it held of it, durably. */
	void put(String documentId, List<PageText> pages) {
		List<Document> documents = new ArrayList<>(pages.size() + 1);
		for (PageText page : pages) {
			documents.add(page(documentId, page));
		}
		Document marker = new Document();
		marker.add(new KeywordField(DOCUMENT_ID, documentId, Field.Store.NO));
		marker.add(new StringField(MARKER, documentId, Field.Store.NO));
		marker.add(new StoredField(PAGE_COUNT, pages.size()));
		documents.add(marker);
		write((writer) -> writer.updateDocuments(new Term(DOCUMENT_ID, documentId), documents));
	}

	/** Removes every page of the document, durably. */
	void delete(String documentId) {
		write((writer) -> writer.deleteDocuments(new Term(DOCUMENT_ID, documentId)));
	}

	/** The best pages for {@code query} among the documents, best first. */
	List<PageHit> search(Query query, int limit) {
		return read((searcher) -> hits(searcher, searcher.search(query, limit).scoreDocs));
	}

	/** Textless pages of the documents: every document's page 1, then every page 2, and so on. */
	List<PageHit> textless(Query documents, int limit) {
		Query query = new BooleanQuery.Builder()
			.add(new TermQuery(new Term(TEXTLESS, "yes")), BooleanClause.Occur.FILTER)
			.add(documents, BooleanClause.Occur.FILTER)
			.build();
		Sort roundRobin = new Sort(IntField.newSortField(PAGE, false, SortedNumericSelector.Type.MIN),
				KeywordField.newSortField(DOCUMENT_ID, false, SortedSetSelector.Type.MIN));
		return read((searcher) -> hits(searcher, searcher.search(query, limit, roundRobin).scoreDocs));
	}

	/** A filter matching the pages of these documents. */
	static Query documents(Collection<String> documentIds) {
		return KeywordField.newSetQuery(DOCUMENT_ID, documentIds.stream().map(BytesRef::new).toList());
	}

	private static Document page(String documentId, PageText page) {
		Document document = new Document();
		document.add(new KeywordField(DOCUMENT_ID, documentId, Field.Store.YES));
		document.add(new IntField(PAGE, page.page(), Field.Store.YES));
		document.add(new TextField(TEXT, page.text(), Field.Store.NO));
		if (page.textless()) {
			document.add(new StringField(TEXTLESS, "yes", Field.Store.NO));
		}
		return document;
	}

	private static List<PageHit> hits(IndexSearcher searcher, ScoreDoc[] scoreDocs) throws IOException {
		List<PageHit> hits = new ArrayList<>(scoreDocs.length);
		StoredFields stored = searcher.storedFields();
		for (ScoreDoc scoreDoc : scoreDocs) {
			Document page = stored.document(scoreDoc.doc, Set.of(DOCUMENT_ID, PAGE));
			float score = Float.isNaN(scoreDoc.score) ? 0 : scoreDoc.score;
			hits.add(new PageHit(page.get(DOCUMENT_ID), page.getField(PAGE).numericValue().intValue(), score));
		}
		return hits;
	}

	private <T> T read(Reading<T> reading) {
		SearcherManager searchers = open().searchers();
		try {
			IndexSearcher searcher = searchers.acquire();
			try {
				return reading.apply(searcher);
			}
			finally {
				searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw SearchProblems.unavailable(ex);
		}
	}

	/** A change, committed (durable across restarts) and visible to searches once this returns. */
	private void write(Writing writing) {
		OpenIndex index = open();
		try {
			writing.apply(index.writer());
			synchronized (index) {
				index.writer().setLiveCommitData(Map.of(VERSION_KEY, VERSION).entrySet());
				index.writer().commit();
			}
			index.searchers().maybeRefreshBlocking();
		}
		catch (IOException | UncheckedIOException ex) {
			throw SearchProblems.unavailable(ex);
		}
	}

	private synchronized OpenIndex open() {
		if (this.open == null) {
			try {
				this.open = OpenIndex.of(this.dir, this.analyzer, VERSION_KEY, VERSION);
				logger.info("Page index at {} ({} pages and documents)", this.dir, this.open.writer().getDocStats().numDocs);
			}
			catch (IOException ex) {
				logger.error("The page index at {} cannot be opened", this.dir, ex);
				throw SearchProblems.unavailable(ex);
			}
		}
		return this.open;
	}

	@Override
	public synchronized void destroy() throws IOException {
		if (this.open != null) {
			this.open.close();
			this.open = null;
		}
	}

	@FunctionalInterface
	private interface Reading<T> {

		T apply(IndexSearcher searcher) throws IOException;

	}

	@FunctionalInterface
	private interface Writing {

		void apply(IndexWriter writer) throws IOException;

	}

}
