package io.pagewise.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The open index: its one writer and the searchers refreshed from it. */
record OpenIndex(Directory directory, IndexWriter writer, SearcherManager searchers) {

	private static final Logger logger = LoggerFactory.getLogger(OpenIndex.class);

	static OpenIndex of(Path dir, PageAnalyzer analyzer, String versionKey, String version) throws IOException {
		Files.createDirectories(dir);
		Directory directory = FSDirectory.open(dir);
		try {
			IndexWriterConfig config = new IndexWriterConfig(analyzer)
				.setOpenMode(current(directory, versionKey, version) ? IndexWriterConfig.OpenMode.CREATE_OR_APPEND
						: IndexWriterConfig.OpenMode.CREATE);
			IndexWriter writer = new IndexWriter(directory, config);
			return new OpenIndex(directory, writer, new SearcherManager(writer, null));
		}
		catch (IOException | RuntimeException ex) {
			directory.close();
			throw ex;
		}
	}

	/** Whether the directory holds an index written with today's analysis (an empty one counts as current). */
	private static boolean current(Directory directory, String versionKey, String version) throws IOException {
		if (!DirectoryReader.indexExists(directory)) {
			return true;
		}
		String written = SegmentInfos.readLatestCommit(directory).getUserData().get(versionKey);
		if (!version.equals(written)) {
			logger.info("The page index was written with analysis version {}; rebuilding it", written);
			return false;
		}
		return true;
	}

	void close() throws IOException {
		try (Directory toClose = this.directory; IndexWriter writing = this.writer) {
			this.searchers.close();
		}
	}

}
