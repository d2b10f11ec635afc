package io.pagewise.document;

import java.net.URI;

import io.pagewise.scale.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/** The S3 store's tests against MinIO, where Docker runs (the image docker-compose.yml's scale profile uses). */
@Testcontainers(disabledWithoutDocker = true)
class MinioDocumentStoreTests extends S3DocumentStoreTests {

	static final String IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

	private GenericContainer<?> minio;

	@Override
	@BeforeAll
	void startServer() {
		this.minio = new GenericContainer<>(DockerImageName.parse(IMAGE)).withCommand("server", "/data")
			.withEnv("MINIO_ROOT_USER", S3TestServer.ACCESS_KEY)
			.withEnv("MINIO_ROOT_PASSWORD", S3TestServer.SECRET_KEY)
			.withExposedPorts(9000)
			.waitingFor(Wait.forHttp("/minio/health/live").forPort(9000));
		this.minio.start();
	}

	@Override
	@AfterAll
	void stopServer() {
		this.minio.stop();
	}

	@Override
	URI endpoint() {
		return URI.create("http://" + this.minio.getHost() + ":" + this.minio.getMappedPort(9000));
	}

}
