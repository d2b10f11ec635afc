package io.pagewise.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
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

	/** DeleteObjects takes at most this many keys. */
	private static final int DELETE_BATCH = 1000;

	private final S3Client s3;

	private final String bucket;

	private final String documents;

	private final Path tmp;

	private final JsonMapper json;

	S3DocumentStore(S3Client s3, StorageProperties properties, JsonMapper json) {
		this.s3 = s3;
		this.bucket = properties.s3().bucket();
		this.documents = properties.s3().prefix() + "documents/";
		this.tmp = properties.dir().resolve("tmp").toAbsolutePath().normalize();
		this.json = json;
	}

	/** Creates the bucket unless it exists (for development set-ups; production buckets are provisioned). */
	void createBucketIfMissing() {
		try {
			this.s3.headBucket((request) -> request.bucket(this.bucket));
		}
		catch (S3Exception ex) {
			if (!isMissing(ex)) {
				throw StorageException.of(ex);
			}
			this.s3.createBucket((request) -> request.bucket(this.bucket));
			logger.info("Created bucket {}", this.bucket);
		}
	}

	@Override
	public Path newTempFile() {
		try {
			Files.createDirectories(this.tmp);
			return Files.createTempFile(this.tmp, "upload-", ".part");
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	@Override
	public boolean hasPdf(DocumentId id) {
		try {
			this.s3.headObject((request) -> request.bucket(this.bucket).key(key(id, PDF)));
			return true;
		}
		catch (S3Exception ex) {
			if (isMissing(ex)) {
				return false;
			}
			throw StorageException.of(ex);
		}
		catch (SdkException ex) {
			throw StorageException.of(ex);
		}
	}

	/** Uploads the PDF straight from its file: never the whole document in memory. */
	@Override
	public void adoptPdf(DocumentId id, Path written) {
		try {
			this.s3.putObject((request) -> request.bucket(this.bucket).key(key(id, PDF)).contentType("application/pdf"),
					RequestBody.fromFile(written));
		}
		catch (SdkException ex) {
			throw StorageException.of(ex);
		}
	}

	/** Downloads the PDF to a scratch file for the renderer, which needs random access to it. */
	@Override
	public Optional<LocalPdf> openPdf(DocumentId id) {
		Path copy = this.tmp.resolve("render-" + UUID.randomUUID() + ".pdf");
		try {
			Files.createDirectories(this.tmp);
			GetObjectResponse response = this.s3.getObject((request) -> request.bucket(this.bucket).key(key(id, PDF)),
					ResponseTransformer.toFile(copy));
			return Optional.of(new LocalPdf(copy, response.contentLength(), true));
		}
		catch (S3Exception ex) {
			deleteQuietly(copy);
			if (isMissing(ex)) {
				return Optional.empty();
			}
			throw StorageException.of(ex);
		}
		catch (SdkException ex) {
			deleteQuietly(copy);
			throw StorageException.of(ex);
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	@Override
	public void writePage(DocumentId id, int page, byte[] jpeg) {
		put(key(id, "pages/" + page + ".jpg"), "image/jpeg", jpeg);
	}

	@Override
	public Optional<byte[]> page(DocumentId id, int page) {
		return get(key(id, "pages/" + page + ".jpg")).map(ResponseBytes::asByteArrayUnsafe);
	}

	@Override
	public Optional<Manifest> manifest(DocumentId id) {
		Optional<ResponseBytes<GetObjectResponse>> stored = get(key(id, MANIFEST));
		try {
			return stored.map((bytes) -> this.json.readValue(bytes.asByteArrayUnsafe(), Manifest.class));
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
		put(key(id, MANIFEST), "application/json", this.json.writeValueAsBytes(manifest));
	}

	/**
	 * Removes every object under the document's prefix: the PDF first, so no replica starts rendering it again, then
	 * the manifest, so none serves it, then its pages.
	 */
	@Override
	public boolean delete(DocumentId id) {
		try {
			List<String> keys = keys(id);
			if (keys.isEmpty()) {
				return false;
			}
			this.s3.deleteObject((request) -> request.bucket(this.bucket).key(key(id, PDF)));
			this.s3.deleteObject((request) -> request.bucket(this.bucket).key(key(id, MANIFEST)));
			List<String> rest = keys.stream().filter((key) -> !key.equals(key(id, PDF)) && !key.equals(key(id, MANIFEST)))
				.toList();
			for (int from = 0; from < rest.size(); from += DELETE_BATCH) {
				deleteObjects(rest.subList(from, Math.min(rest.size(), from + DELETE_BATCH)));
			}
			return true;
		}
		catch (SdkException ex) {
			throw StorageException.of(ex);
		}
	}

	private List<String> keys(DocumentId id) {
		List<String> keys = new ArrayList<>();
		this.s3.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix(key(id, "")))
			.contents()
			.stream()
			.map(S3Object::key)
			.forEach(keys::add);
		return keys;
	}

	private void deleteObjects(List<String> keys) {
		List<ObjectIdentifier> objects = keys.stream().map((key) -> ObjectIdentifier.builder().key(key).build()).toList();
		List<S3Error> errors = this.s3
			.deleteObjects((request) -> request.bucket(this.bucket).delete((delete) -> delete.objects(objects).quiet(true)))
			.errors();
		if (!errors.isEmpty()) {
			throw S3Exception.builder()
				.message("Could not delete " + errors.size() + " objects, e.g. " + errors.getFirst().key() + ": "
						+ errors.getFirst().code())
				.build();
		}
	}

	private void put(String key, String contentType, byte[] content) {
		try {
			this.s3.putObject((request) -> request.bucket(this.bucket).key(key).contentType(contentType),
					RequestBody.fromBytes(content));
		}
		catch (SdkException ex) {
			throw StorageException.of(ex);
		}
	}

	private Optional<ResponseBytes<GetObjectResponse>> get(String key) {
		try {
			return Optional.of(this.s3.getObjectAsBytes((request) -> request.bucket(this.bucket).key(key)));
		}
		catch (S3Exception ex) {
			if (isMissing(ex)) {
				return Optional.empty();
			}
			throw StorageException.of(ex);
		}
		catch (SdkException ex) {
			throw StorageException.of(ex);
		}
	}

	private String key(DocumentId id, String name) {
		return this.documents + id.value().substring(0, 2) + "/" + id.value() + "/" + name;
	}

	private static boolean isMissing(S3Exception ex) {
		// NoSuchKey for GET; a HEAD has no body, so only its status says so.
		return ex.statusCode() == 404;
	}

}
