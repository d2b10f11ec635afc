package io.pagewise.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Durable, content-addressed storage of documents: {@code documents/ab/<id>/document.pdf}, {@code pages/<n>.jpg},
 * files derived from it ({@code derived/<name>}) and a {@code manifest.json} written last, whose presence means
 * every page is stored. Implemented on a local filesystem (the default) and on S3-compatible object storage
 * ({@code pagewise.storage.type}).
 */
interface DocumentStore {

	/** A fresh local file to spool an upload into, handed back through {@link #adoptPdf}. */
	Path newTempFile();

	boolean hasPdf(DocumentId id);

	/** Stores a fully written temporary file as the document's PDF; the caller still removes {@code written}. */
	void adoptPdf(DocumentId id, Path written);

	/** The PDF as a local file for the renderer, until closed; empty when the document is not stored. */
	Optional<LocalPdf> openPdf(DocumentId id);

	void writePage(DocumentId id, int page, byte[] jpeg);

	/** One stored page image; empty when it is not stored. */
	Optional<byte[]> page(DocumentId id, int page);

	/** The manifest, present only once every page is stored. */
	Optional<Manifest> manifest(DocumentId id);

	/** Marks the document complete; written after its pages, so a reader never sees a partial document. */
	void writeManifest(DocumentId id, Manifest manifest);

	/**
	 * Stores a file derived from the document (e.g. its text layer) beside its pages, replacing any earlier one;
	 * deleted with the document. {@code name} is a plain file name ({@link #DERIVED_NAME}).
	 */
	void writeDerived(DocumentId id, String name, byte[] content);

	/** A stored derived file; empty when it is not stored. */
	Optional<byte[]> derived(DocumentId id, String name);

	/** What a derived file may be called: a plain name, never a path. */
	Pattern DERIVED_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	/** Removes the PDF, its pages and its manifest; false when nothing was stored. */
	boolean delete(DocumentId id);

	/** Removes a temporary file if it is still there; never fails. */
	default void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// Only temporary files come here; a leftover is harmless and swept with the scratch directory.
		}
	}

	/** What a fully rendered document looks like in the store. */
	record Manifest(long bytes, List<PageInfo> pages) {

		public Manifest {
			pages = List.copyOf(pages);
		}

	}

	/**
	 * A stored PDF readable as a local file: the stored file itself, or a temporary copy that closing removes.
	 *
	 * @param path the file to render
	 * @param size its size in bytes
	 * @param temporary whether {@code path} is a copy to remove on close
	 */
	record LocalPdf(Path path, long size, boolean temporary) implements AutoCloseable {

		@Override
		public void close() {
			if (this.temporary) {
				try {
					Files.deleteIfExists(this.path);
				}
				catch (IOException ex) {
					// A leftover copy in the scratch directory is harmless.
				}
			}
		}

	}

}
