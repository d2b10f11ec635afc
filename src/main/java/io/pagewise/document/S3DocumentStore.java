package io.pagewise.document;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Content-addressed store in an S3-compatible bucket, with the filesystem store's layout under an optional key
 * prefix: {@code documents/ab/<id>/document.pdf}, {@code pages/<n>.jpg} and {@code manifest.json}, written last.
 * A PUT replaces an object atomically, so a reader sees a whole object or none, and the manifest makes a whole
 * document appear at once. Replicas may store or render the same document at the same moment: its key is the
 * hash of its bytes and rendering is deterministic, so they write the same bytes to the same keys — wasted work,
 * never a mixed result. Page images are single small objects; the PDF is streamed from and to local files only.
 */
class S3DocumentStore implements DocumentStore {

	private static final Logger logger = LoggerFactory.getLogger(S3DocumentStore.class);

	private static final String PDF = "document.pdf";

	private static final String MANIFEST = "manifest.json";

	private final S3Bucket bucket;

	private final String documents;

	private final TempArea tmp;

	private final JsonMapper json;

	S3DocumentStore(S3Bucket bucket, StorageProperties properties, JsonMapper json) {
		this.bucket = bucket;
		this.documents = properties.s3().prefix() + "documents/";
		this.tmp = new TempArea(properties);
		this.json = json;
	}

	@Override
	public Path newTempFile() {
		return this.tmp.newFile("upload-", ".part");
	}

	@Override
	public boolean hasPdf(DocumentId id) {
		return this.bucket.exists(key(id, PDF));
	}

	@Override
	public void adoptPdf(DocumentId id, Path written) {
		this.bucket.upload(key(id, PDF), "application/pdf", written);
	}

	/** Downloads the PDF to a scratch file for the renderer, which needs random access to it. */
	@Override
	public Optional<LocalPdf> openPdf(DocumentId id) {
		Path copy = this.tmp.newPath("render-" + UUID.randomUUID() + ".pdf");
		Optional<LocalPdf> pdf = Optional.empty();
		try {
			pdf = this.bucket.download(key(id, PDF), copy).map((size) -> new LocalPdf(copy, size, true));
			return pdf;
		}
		finally {
			if (pdf.isEmpty()) {
				// Missing, or the download failed part way.
				deleteQuietly(copy);
			}
		}
	}

	@Override
	public void writePage(DocumentId id, int page, byte[] jpeg) {
		this.bucket.put(key(id, "pages/" + page + ".jpg"), "image/jpeg", jpeg);
	}

	@Override
	public Optional<byte[]> page(DocumentId id, int page) {
		return this.bucket.get(key(id, "pages/" + page + ".jpg"));
	}

	/** Like the manifest, written only while the PDF is still there, so a deleted document gets nothing back. */
	@Override
	public void writeDerived(DocumentId id, String name, byte[] content) {
		String key = derivedKey(id, name);
		if (hasPdf(id)) {
			this.bucket.put(key, "application/octet-stream", content);
		}
	}

	@Override
	public Optional<byte[]> derived(DocumentId id, String name) {
		return this.bucket.get(derivedKey(id, name));
	}

	private String derivedKey(DocumentId id, String name) {
		if (!DERIVED_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a derived file name: " + name);
		}
		return key(id, "derived/" + name);
	}

	@Override
	public Optional<Manifest> manifest(DocumentId id) {
		Optional<byte[]> stored = this.bucket.get(key(id, MANIFEST));
		try {
			return stored.map((bytes) -> this.json.readValue(bytes, Manifest.class));
		}
		catch (JacksonException ex) {
			// A manifest is only ever written whole; an unreadable one is treated as absent and rebuilt.
			return Optional.empty();
		}
	}

	/**
	 * Writes the manifest unless the PDF was deleted meanwhile (by another replica, while this one rendered): a
	 * deleted document stays deleted rather than coming back as pages without their PDF.
	 */
	@Override
	public void writeManifest(DocumentId id, Manifest manifest) {
		if (!hasPdf(id)) {
			logger.info("Document {} was deleted while it rendered; not marking it complete", id);
			return;
		}
		this.bucket.put(key(id, MANIFEST), "application/json", this.json.writeValueAsBytes(manifest));
	}

	/**
	 * Removes every object under the document's prefix: the PDF first, so no replica starts rendering it again, then
	 * the manifest, so none serves it, then its pages.
	 */
	@Override
	public boolean delete(DocumentId id) {
		List<String> keys = this.bucket.keys(key(id, ""));
		if (keys.isEmpty()) {
			return false;
		}
		this.bucket.delete(key(id, PDF));
		this.bucket.delete(key(id, MANIFEST));
		this.bucket.delete(keys.stream().filter((key) -> !key.equals(key(id, PDF)) && !key.equals(key(id, MANIFEST))).toList());
		return true;
	}

	private String key(DocumentId id, String name) {
		return this.documents + id.value().substring(0, 2) + "/" + id.value() + "/" + name;
	}

}
