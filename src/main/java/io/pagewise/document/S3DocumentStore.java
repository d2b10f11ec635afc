package io.pagewise.document;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * <p>
 * A delete is final although replicas do not lock each other: every upload of the PDF is a new generation (a
 * random id in the PDF object's metadata), the manifest names the generation it was rendered from, and a document
 * is served only while its PDF is stored and is the manifest's generation. A render on another replica that
 * outlives a delete may still write pages and its manifest (S3 has no lock to stop it), but nothing of it is
 * served: its PDF is gone, or it is an earlier generation than the one uploaded again; and the late writer removes
 * what it wrote when it sees that (see {@link PageWriter}). No tombstone object is needed: the PDF's absence is one.
 */
class S3DocumentStore implements DocumentStore {

	private static final Logger logger = LoggerFactory.getLogger(S3DocumentStore.class);

	private static final String PDF = "document.pdf";

	private static final String MANIFEST = "manifest.json";

	/** The PDF object's user metadata naming its generation. */
	private static final String GENERATION = "generation";

	private final S3Bucket bucket;

	private final String documents;

	private final TempArea tmp;

	private final JsonMapper json;

	/**
	 * Manifests read before, by document. Versioned rather than invalidated: an entry is used only while the
	 * stored PDF is still the generation it was rendered from, which every read asks the bucket (so a delete or a
	 * new upload through another replica is seen at once); it saves reading the manifest again for each page.
	 */
	private final Cache<DocumentId, Manifest> manifests = Caffeine.newBuilder().maximumSize(10_000).build();

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

	/** The PDF's generation; {@code ""} for a PDF stored before generations existed. */
	@Override
	public Optional<String> generation(DocumentId id) {
		return this.bucket.metadata(key(id, PDF)).map((metadata) -> metadata.getOrDefault(GENERATION, ""));
	}

	/** Stores the PDF as a new generation. */
	@Override
	public void adoptPdf(DocumentId id, Path written) {
		this.bucket.upload(key(id, PDF), "application/pdf", java.util.Map.of(GENERATION, UUID.randomUUID().toString()),
				written);
	}

	@Override
	public int sweepStale(java.time.Duration age) {
		return this.tmp.sweep(java.time.Instant.now().minus(age));
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
	public java.util.SortedSet<Integer> storedPages(DocumentId id) {
		String pages = key(id, "pages/");
		java.util.SortedSet<Integer> numbers = new java.util.TreeSet<>();
		for (String key : this.bucket.keys(pages)) {
			PageFiles.number(key.substring(pages.length())).ifPresent(numbers::add);
		}
		return numbers;
	}

	@Override
	public Optional<byte[]> page(DocumentId id, int page) {
		return this.bucket.get(key(id, "pages/" + page + ".jpg"));
	}

	/** Like the manifest: written only while the PDF is stored, and removed if it was deleted as it was written. */
	@Override
	public boolean writeDerived(DocumentId id, String name, byte[] content) {
		String key = derivedKey(id, name);
		if (!hasPdf(id)) {
			return false;
		}
		this.bucket.put(key, "application/octet-stream", content);
		if (hasPdf(id)) {
			return true;
		}
		this.bucket.delete(key);
		return false;
	}

	/** Only while the PDF is stored: a derived file written late, after a delete, is never read. */
	@Override
	public Optional<byte[]> derived(DocumentId id, String name) {
		String key = derivedKey(id, name);
		return hasPdf(id) ? this.bucket.get(key) : Optional.empty();
	}

	private String derivedKey(DocumentId id, String name) {
		if (!DERIVED_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a derived file name: " + name);
		}
		return key(id, "derived/" + name);
	}

	/**
	 * The manifest of the PDF stored now: a manifest written late, after its PDF was deleted (or of an upload
	 * before the delete), is never taken for a document.
	 */
	@Override
	public Optional<Manifest> manifest(DocumentId id) {
		Optional<String> generation = generation(id);
		if (generation.isEmpty()) {
			this.manifests.invalidate(id);
			return Optional.empty();
		}
		Manifest known = this.manifests.getIfPresent(id);
		if (known != null && known.generation().equals(generation.get())) {
			return Optional.of(known);
		}
		Optional<Manifest> manifest = storedManifest(id)
			.filter((stored) -> stored.generation().equals(generation.get()));
		manifest.ifPresent((stored) -> this.manifests.put(id, stored));
		return manifest;
	}

	private Optional<Manifest> storedManifest(DocumentId id) {
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
	 * Writes the manifest only while its generation of the PDF is stored. Another replica may delete the document
	 * between that check and the write (nothing locks across replicas), so the check is made again afterwards: a
	 * manifest of a deleted document is removed at once (and was never served: reads check the PDF too).
	 */
	@Override
	public boolean writeManifest(DocumentId id, Manifest manifest) {
		if (!isGeneration(id, manifest.generation())) {
			logger.info("Document {} was deleted while it rendered; not marking it complete", id);
			return false;
		}
		this.bucket.put(key(id, MANIFEST), "application/json", this.json.writeValueAsBytes(manifest));
		Optional<String> now = generation(id);
		if (now.isPresent() && now.get().equals(manifest.generation())) {
			return true;
		}
		logger.info("Document {} was deleted as it was marked complete; removing the mark", id);
		if (now.isEmpty()) {
			// Only while no PDF is stored: a manifest of a newer generation is never ours to remove.
			this.bucket.delete(key(id, MANIFEST));
		}
		return false;
	}

	private boolean isGeneration(DocumentId id, String generation) {
		return generation(id).filter(generation::equals).isPresent();
	}

	@Override
	public void deletePages(DocumentId id, java.util.Collection<Integer> pages) {
		this.bucket.delete(pages.stream().map((page) -> key(id, "pages/" + PageFiles.name(page))).toList());
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
		return keys.contains(key(id, PDF)) || keys.contains(key(id, MANIFEST));
	}

	private String key(DocumentId id, String name) {
		return this.documents + id.value().substring(0, 2) + "/" + id.value() + "/" + name;
	}

}
