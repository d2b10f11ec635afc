package io.pagewise.document;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The few object operations the S3 store needs, on one bucket: a missing object is an empty result, every other
 * failure a {@link StorageException} (503).
 */
class S3Bucket {

	private static final Logger logger = LoggerFactory.getLogger(S3Bucket.class);

	/** DeleteObjects takes at most this many keys. */
	private static final int DELETE_BATCH = 1000;

	private final S3Client s3;

	private final String name;

	S3Bucket(S3Client s3, String name) {
		this.s3 = s3;
		this.name = name;
	}

	/** Creates the bucket unless it exists (for development set-ups; production buckets are provisioned). */
	void createIfMissing() {
		boolean exists = call(() -> found(() -> this.s3.headBucket((request) -> request.bucket(this.name))));
		if (!exists) {
			call(() -> this.s3.createBucket((request) -> request.bucket(this.name)));
			logger.info("Created bucket {}", this.name);
		}
	}

	/** An object's user metadata (names in lower case), or empty when there is no such object. */
	Optional<java.util.Map<String, String>> metadata(String key) {
		return call(() -> missingAsEmpty(
				() -> this.s3.headObject((request) -> request.bucket(this.name).key(key)).metadata()));
	}

	boolean exists(String key) {
		return call(() -> found(() -> this.s3.headObject((request) -> request.bucket(this.name).key(key))));
	}

	/** A small object's bytes, read into memory. */
	Optional<byte[]> get(String key) {
		return call(() -> missingAsEmpty(
				() -> this.s3.getObjectAsBytes((request) -> request.bucket(this.name).key(key)).asByteArrayUnsafe()));
	}

	/** Streams an object into a new file at {@code target}; its size, or empty when there is no such object. */
	Optional<Long> download(String key, Path target) {
		return call(() -> missingAsEmpty(() -> this.s3
			.getObject((request) -> request.bucket(this.name).key(key), ResponseTransformer.toFile(target))
			.contentLength()));
	}

	void put(String key, String contentType, byte[] content) {
		call(() -> this.s3.putObject((request) -> request.bucket(this.name).key(key).contentType(contentType),
				RequestBody.fromBytes(content)));
	}

	/** Streams a file into an object, with user metadata: never the whole file in memory. */
	void upload(String key, String contentType, java.util.Map<String, String> metadata, Path file) {
		call(() -> this.s3.putObject(
				(request) -> request.bucket(this.name).key(key).contentType(contentType).metadata(metadata),
				RequestBody.fromFile(file)));
	}

	List<String> keys(String prefix) {
		return call(() -> this.s3.listObjectsV2Paginator((request) -> request.bucket(this.name).prefix(prefix))
			.contents()
			.stream()
			.map(S3Object::key)
			.toList());
	}

	void delete(String key) {
		call(() -> this.s3.deleteObject((request) -> request.bucket(this.name).key(key)));
	}

	void delete(List<String> keys) {
		for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
			List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH))
				.stream()
				.map((key) -> ObjectIdentifier.builder().key(key).build())
				.toList();
			List<S3Error> errors = call(() -> this.s3
				.deleteObjects((request) -> request.bucket(this.name).delete((delete) -> delete.objects(batch).quiet(true)))
				.errors());
			if (!errors.isEmpty()) {
				throw StorageException.of(S3Exception.builder()
					.message("Could not delete " + errors.size() + " objects, e.g. " + errors.getFirst().key() + ": "
							+ errors.getFirst().code())
					.build());
			}
		}
	}

	private static <T> T call(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (SdkException ex) {
			throw StorageException.of(ex);
		}
	}

	private static <T> Optional<T> missingAsEmpty(Supplier<T> read) {
		try {
			return Optional.of(read.get());
		}
		catch (S3Exception ex) {
			if (isMissing(ex)) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	private static boolean found(Runnable head) {
		return missingAsEmpty(() -> {
			head.run();
			return true;
		}).isPresent();
	}

	private static boolean isMissing(S3Exception ex) {
		// NoSuchKey or NoSuchBucket for a GET; a HEAD has no body, so only its status says so.
		return ex.statusCode() == 404;
	}

}
