package io.pagewise.document;

import java.net.URI;
import java.nio.file.Path;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where documents live.
 *
 * @param dir root of the filesystem store ({@code PAGEWISE_STORAGE_DIR}); with S3, only scratch space for uploads
 * in flight and PDFs being rendered
 * @param type {@code filesystem} (the default: the local disk) or {@code s3} (S3-compatible object storage shared
 * by every replica)
 * @param s3 the bucket, for {@code type=s3}
 */
@Validated
@ConfigurationProperties("pagewise.storage")
record StorageProperties(@DefaultValue("./data") Path dir, @DefaultValue("filesystem") Type type,
		@DefaultValue @Valid S3 s3) {

	static StorageProperties filesystem(Path dir) {
		return new StorageProperties(dir, Type.FILESYSTEM, S3.defaults());
	}

	/** Where documents are stored. */
	enum Type {

		FILESYSTEM, S3

	}

	/**
	 * An S3-compatible bucket (AWS, Vultr Object Storage, MinIO, Ceph...).
	 *
	 * @param endpoint the service URL, e.g. {@code https://ewr1.vultrobjects.com}; empty for AWS's regional one
	 * @param bucket the bucket documents are stored in
	 * @param region the signing region (most S3-compatible services accept any, conventionally {@code us-east-1})
	 * @param pathStyle address the bucket as {@code endpoint/bucket} rather than {@code bucket.endpoint}: what
	 * MinIO and most self-hosted services need
	 * @param accessKey static credentials; when empty, the AWS SDK's default providers (environment
	 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, web identity, instance profile...)
	 * @param secretKey the secret belonging to {@code accessKey}
	 * @param prefix a key prefix, to share a bucket, e.g. {@code pagewise/}
	 * @param createBucket create the bucket at start-up when it does not exist (development and tests)
	 */
	record S3(@Nullable URI endpoint, @DefaultValue("pagewise") @NotBlank String bucket,
			@DefaultValue("us-east-1") @NotBlank String region, @DefaultValue("true") boolean pathStyle,
			@Nullable String accessKey, @Nullable String secretKey, @DefaultValue("") String prefix,
			@DefaultValue("false") boolean createBucket) {

		static S3 defaults() {
			return new S3(null, "pagewise", "us-east-1", true, null, null, "", false);
		}

		boolean hasStaticCredentials() {
			return this.accessKey != null && !this.accessKey.isBlank();
		}

		@Override
		public String toString() {
			// Never print the secret (nor the access key that pairs with it) in logs or actuator output.
			return "S3[endpoint=" + this.endpoint + ", bucket=" + this.bucket + ", region=" + this.region
					+ ", pathStyle=" + this.pathStyle + ", credentials=" + (hasStaticCredentials() ? "<set>" : "<default>")
					+ ", prefix=" + this.prefix + ", createBucket=" + this.createBucket + "]";
		}

	}

}
