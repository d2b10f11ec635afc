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

	default boolean hasPdf(DocumentId id) {
		return generation(id).isPresent();
	}

	/**
	 * Which upload of the document's PDF is stored now; empty when none is. Every upload after a delete is a new
	 * generation, so what a render of an earlier one writes late is never taken for the current one's.
	 */
	Optional<String> generation(DocumentId id);

	/** Stores a fully written temporary file as the document's PDF; the caller still removes {@code written}. */
	void adoptPdf(DocumentId id, Path written);

	/** The PDF as a local file for the renderer, until closed; empty when the document is not stored. */
	Optional<LocalPdf> openPdf(DocumentId id);

	void writePage(DocumentId id, int page, byte[] jpeg);

	/** The numbers of the pages stored so far (all of them once the manifest is written). */
	java.util.SortedSet<Integer> storedPages(DocumentId id);

	/** One stored page image; empty when it is not stored. */
	Optional<byte[]> page(DocumentId id, int page);

	/**
	 * The manifest, present only once every page is stored, and only while the PDF it was rendered from is stored:
	 * a manifest left by a render that outlived a delete is never a document.
	 */
	Optional<Manifest> manifest(DocumentId id);

	/**
	 * Marks the document complete; written after its pages, so a reader never sees a partial document. Writes
	 * nothing and returns false when the stored PDF is no longer the manifest's generation (deleted meanwhile, maybe
	 * by another replica, or deleted and uploaded again).
	 */
	boolean writeManifest(DocumentId id, Manifest manifest);

	/** Removes these pages (those a render wrote for a document deleted meanwhile); never fails for a missing one. */
	void deletePages(DocumentId id, java.util.Collection<Integer> pages);

	/**
	 * Stores a file derived from the document (e.g. its text layer) beside its pages, replacing any earlier one;
	 * deleted with the document. {@code name} is a plain file name ({@link #DERIVED_NAME}). Like the manifest, only
	 * while the PDF is stored, checked again once written: false, leaving nothing, when it was deleted meanwhile.
	 */
	boolean writeDerived(DocumentId id, String name, byte[] content);

	/** A stored derived file of the PDF stored now; empty when either is not stored. */
	Optional<byte[]> derived(DocumentId id, String name);

	/** What a derived file may be called: a plain name, never a path. */
	Pattern DERIVED_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	/**
	 * Removes the PDF (first: from then on nothing of it is served), its manifest, pages and derived files; false
	 * when no document was stored (leftovers of late writes are removed all the same).
	 */
	boolean delete(DocumentId id);

	/**
	 * Removes the leftovers of writes a crash interrupted that are older than {@code age}; returns how many. Object
	 * storage writes whole objects, so only the local scratch area has any.
	 */
	int sweepStale(java.time.Duration age);

	/** Removes a temporary file if it is still there; never fails. */
	default void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// Only temporary files come here; a leftover is harmless and swept with the scratch directory.
		}
	}

	/**
	 * What a fully rendered document looks like in the store.
	 *
	 * @param bytes the PDF's size
	 * @param pages every page
	 * @param generation the {@link #generation} of the PDF it was rendered from ({@code ""} in manifests written
	 * before generations existed, which belong to a PDF stored then)
	 */
	record Manifest(long bytes, List<PageInfo> pages, String generation) {

		public Manifest {
			pages = List.copyOf(pages);
			// Jackson passes null for a manifest written before generations existed.
			generation = (generation != null) ? generation : "";
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
