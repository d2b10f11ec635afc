package io.pagewise.document;

import java.net.URI;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import tools.jackson.databind.json.JsonMapper;

/** The document store {@code pagewise.storage.type} selects: the local filesystem (default) or an S3 bucket. */
@Configuration(proxyBeanMethods = false)
class DocumentStorage {

	@Bean
	@ConditionalOnProperty(name = "pagewise.storage.type", havingValue = "filesystem", matchIfMissing = true)
	FilesystemDocumentStore filesystemDocumentStore(StorageProperties properties, JsonMapper json) {
		return new FilesystemDocumentStore(properties, json);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "pagewise.storage.type", havingValue = "s3")
	static class S3Storage {

		@Bean
		S3Client documentsS3Client(StorageProperties properties) {
			return client(properties.s3());
		}

		@Bean
		S3DocumentStore s3DocumentStore(S3Client documentsS3Client, StorageProperties properties, JsonMapper json) {
			S3Bucket bucket = new S3Bucket(documentsS3Client, properties.s3().bucket());
			if (properties.s3().createBucket()) {
				bucket.createIfMissing();
			}
			return new S3DocumentStore(bucket, properties, json);
		}

		static S3Client client(StorageProperties.S3 s3) {
			S3ClientBuilder builder = S3Client.builder()
				.region(Region.of(s3.region()))
				.forcePathStyle(s3.pathStyle())
				.credentialsProvider(credentials(s3))
				// Checksums only where S3 requires them: the SDK's newer default (trailing CRC32 on every upload)
				// is not understood by many S3-compatible services.
				.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
				.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
				// Where one is required (DeleteObjects), Content-MD5 as before SDK 2.30: the newer CRC32 header is
				// answered 501 Not Implemented by S3Proxy and older S3-compatible services.
				.addPlugin(LegacyMd5Plugin.create());
			URI endpoint = s3.endpoint();
			if (endpoint != null) {
				builder.endpointOverride(endpoint);
			}
			return builder.build();
		}

		private static AwsCredentialsProvider credentials(StorageProperties.S3 s3) {
			if (s3.hasStaticCredentials()) {
				return StaticCredentialsProvider
					.create(AwsBasicCredentials.create(s3.accessKey(), String.valueOf(s3.secretKey())));
			}
			return DefaultCredentialsProvider.builder().build();
		}

	}

}
