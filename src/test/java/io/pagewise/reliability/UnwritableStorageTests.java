package io.pagewise.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.pagewise.TestPdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A storage directory nothing can be written to — not even root, which CI runs as and which ignores file modes:
 * its parent is a regular file, so every create fails with "Not a directory". Uploads and reads end in a 503
 * {@code storage-unavailable} problem, never a 500, and the service itself stays up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class UnwritableStorageTests {

	@TempDir
	static Path temp;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path file = Files.writeString(temp.resolve("a-regular-file"), "not a directory");
		registry.add("pagewise.storage.dir", () -> file.resolve("data").toString());
	}

	@LocalServerPort
	private int port;

	@Test
	void uploadsAndReadsAreA503ProblemAndTheServiceStaysUp() throws Exception {
		ServiceClient client = new ServiceClient(this.port, null, Duration.ofSeconds(30));
		for (Reply reply : new Reply[] { client.upload(TestPdfs.letter(1, "nowhere to go")),
				client.get("/api/v1/documents/" + "a".repeat(64)),
				client.get("/api/v1/documents/" + "a".repeat(64) + "/pages/1") }) {
			assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
			assertThat(reply.code()).isEqualTo("storage-unavailable");
			assertThat(reply.body()).doesNotContain("a-regular-file").doesNotContain("Exception");
		}
		assertThat(client.get("/actuator/health/liveness").status()).isEqualTo(200);
	}

}
