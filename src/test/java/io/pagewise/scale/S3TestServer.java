package io.pagewise.scale;

import java.net.URI;
import java.util.List;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server in this JVM: S3Proxy over jclouds' in-memory blob store (its filesystem store lists
 * directories as extra keys, which no S3 service does), on a free loopback port, with AWS signature authentication.
 */
public final class S3TestServer implements AutoCloseable {

	public static final String ACCESS_KEY = "pagewise-test";

	public static final String SECRET_KEY = "pagewise-test-secret";

	private final BlobStoreContext blobs;

	private final S3Proxy proxy;

	private final S3Client client;

	private final HeldWrites held = new HeldWrites();

	private S3TestServer() throws Exception {
		this.blobs = ContextBuilder.newBuilder("transient").buildView(BlobStoreContext.class);
		this.proxy = S3Proxy.builder()
			.blobStore(this.held.wrap(this.blobs.getBlobStore()))
			.endpoint(URI.create("http://127.0.0.1:0"))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			// S3Proxy answers 501 to x-amz- headers it does not know, among them the x-amz-checksum-crc32 that the
			// AWS SDK sends with DeleteObjects (S3, MinIO and Ceph accept it); it still checks signatures and MD5s.
			.ignoreUnknownHeaders(true)
			.build();
		this.proxy.start();
		this.client = client(endpoint());
	}

	/** Starts an empty server. */
	public static S3TestServer start() {
		try {
			return new S3TestServer();
		}
		catch (Exception ex) {
			throw new IllegalStateException("S3Proxy did not start", ex);
		}
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.proxy.getPort());
	}

	/**
	 * Holds every object write whose key ends with {@code suffix} (from any client) until {@link #releaseWrites};
	 * for making a write late, e.g. a replica's page write after a delete through another replica.
	 */
	public void holdWrites(String suffix) {
		this.held.hold(suffix);
	}

	/** Waits until a held write has arrived (and is being held). */
	public void awaitHeldWrite(java.time.Duration timeout) throws InterruptedException {
		this.held.awaitHeld(timeout);
	}

	/** Lets the held writes (and all later ones) through. */
	public void releaseWrites() {
		this.held.release();
	}

	/** A client for the test's own checks. */
	public S3Client client() {
		return this.client;
	}

	/** Every key under the prefix, in lexical order. */
	public List<String> keys(String bucket, String prefix) {
		return this.client.listObjectsV2Paginator((request) -> request.bucket(bucket).prefix(prefix))
			.contents()
			.stream()
			.map(S3Object::key)
			.sorted()
			.toList();
	}

	/** The properties that point Pagewise at this server's {@code bucket}, created on start-up if missing. */
	public List<String> pagewiseProperties(String bucket) {
		return List.of("pagewise.storage.type=s3", "pagewise.storage.s3.endpoint=" + endpoint(),
				"pagewise.storage.s3.bucket=" + bucket, "pagewise.storage.s3.access-key=" + ACCESS_KEY,
				"pagewise.storage.s3.secret-key=" + SECRET_KEY, "pagewise.storage.s3.create-bucket=true");
	}

	/** A client like Pagewise's: path-style, fixed region, static credentials, checksums only where required. */
	public static S3Client client(URI endpoint) {
		return S3Client.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.addPlugin(LegacyMd5Plugin.create())
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.build();
	}

	@Override
	public void close() {
		this.held.release();
		this.client.close();
		try {
			this.proxy.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException("S3Proxy did not stop", ex);
		}
		this.blobs.close();
	}

}
