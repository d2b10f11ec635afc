package io.pagewise.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

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
 * A storage disk that fills up (a {@link SmallDiskProvider} with 2 KB free, failing writes with ENOSPC's own
 * message): an upload is a 507 {@code storage-full} problem that leaves no partial file, and once space is freed
 * the same upload succeeds without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class FullDiskTests {

	private static final int FREE_BYTES = 2_048;

	@TempDir
	static Path temp;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir",
				() -> SmallDiskProvider.SCHEME + ":" + temp.resolve("data") + "?free=" + FREE_BYTES);
	}

	@LocalServerPort
	private int port;

	@Test
	void anUploadOnAFullDiskIsA507ProblemAndLeavesNothingBehind() throws Exception {
		ServiceClient client = new ServiceClient(this.port, null, Duration.ofSeconds(60));
		byte[] pdf = TestPdfs.letter(12, "does not fit");
		assertThat(pdf.length).isGreaterThan(FREE_BYTES);

		Reply full = client.upload(pdf);
		assertThat(full.status()).as(full.toString()).isEqualTo(507);
		assertThat(full.code()).isEqualTo("storage-full");
		assertThat(full.body()).doesNotContain("No space left").doesNotContain(temp.toString());
		assertThat(files()).as("files left in the store").noneMatch(Files::isRegularFile);

		Path.of(URI.create(SmallDiskProvider.SCHEME + ":/?free=" + Long.MAX_VALUE));
		Reply freed = client.upload(pdf);
		assertThat(freed.status()).as(freed.toString()).isEqualTo(201);
		assertThat(freed.json().get("pageCount").asInt()).isEqualTo(12);
	}

	private static java.util.List<Path> files() throws IOException {
		try (Stream<Path> paths = Files.walk(temp)) {
			return paths.toList();
		}
	}

}
