package io.pagewise.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Documents over HTTP under concurrency and crashes: parallel uploads of the same bytes store one copy, a delete in
 * the middle of a question leaves nothing half-there, and a render a crash interrupted is repaired on next use. The
 * storage directory is inspected directly after each scenario.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.rerank.max-pages-per-batch=3", "pagewise.rerank.concurrency=1" })
@DirtiesContext
class DataSafetyTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
		upstream.connect(registry);
	}

	@LocalServerPort
	private int port;

	private ServiceClient client;

	@BeforeEach
	void client() {
		this.client = new ServiceClient(this.port, null, Duration.ofSeconds(60));
	}

	@Test
	void sixteenParallelUploadsOfTheSameBytesStoreOneCopyAndAgree() throws Exception {
		byte[] pdf = TestPdfs.letter(8, "same bytes " + UUID.randomUUID(), 0);
		CyclicBarrier start = new CyclicBarrier(16);
		List<Reply> replies = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Reply>> uploads = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				uploads.add(threads.submit(() -> {
					start.await();
					return this.client.upload(pdf);
				}));
			}
			for (Future<Reply> upload : uploads) {
				replies.add(upload.get(2, TimeUnit.MINUTES));
			}
		}

		assertThat(replies).allSatisfy((reply) -> assertThat(reply.status()).as(reply.toString()).isIn(200, 201));
		assertThat(replies.stream().filter((reply) -> reply.status() == 201)).as("created once").hasSize(1);
		String id = replies.get(0).json().get("id").asString();
		assertThat(replies).allSatisfy((reply) -> {
			assertThat(reply.json().get("id").asString()).isEqualTo(id);
			assertThat(reply.json().get("pages")).isEqualTo(replies.get(0).json().get("pages"));
		});
		Path dir = documentDir(id);
		assertThat(files((path) -> path.getFileName().toString().equals("document.pdf") && path.startsWith(dir)))
			.hasSize(1);
		assertThat(Files.readAllBytes(dir.resolve("document.pdf"))).isEqualTo(pdf);
		try (Stream<Path> pages = Files.list(dir.resolve("pages"))) {
			assertThat(pages.toList()).hasSize(8);
		}
		assertNoLeftovers(dir);
	}

	@ParameterizedTest
	@EnumSource(Moment.class)
	void deletingADocumentWhileAQuestionRunsLeavesNothingHalfThere(Moment moment) throws Exception {
		byte[] pdf = TestPdfs.letter(12, "delete while asking " + moment, 7);
		String id = upload(pdf);
		upstream.latency(Duration.ofMillis(300), Duration.ZERO);

		Reply answer;
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<Reply> asking = threads.submit(() -> this.client.ask(id, "Which page is dark?"));
			await().atMost(Duration.ofSeconds(30)).until(() -> moment.reached.get() || asking.isDone());
			assertThat(this.client.delete("/api/v1/documents/" + id).status()).isEqualTo(204);
			answer = asking.get(1, TimeUnit.MINUTES);
		}

		System.out.printf("%nDelete while asking (%s): the question ended %d %s%n", moment, answer.status(),
				answer.code());
		if (answer.status() != 200) {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
			assertThat(answer.code()).isEqualTo("document-not-found");
		}
		assertThat(Files.exists(documentDir(id))).as("document directory").isFalse();
		assertThat(this.client.get("/api/v1/documents/" + id).status()).isEqualTo(404);
		assertThat(this.client.get("/api/v1/documents/" + id + "/pages/1").status()).isEqualTo(404);
		assertThat(this.client.ask(id, "Which page is dark?").status()).as("no answer about a deleted document")
			.isEqualTo(404);
		assertNoLeftovers(documentDir(id));

		upstream.latency(Duration.ZERO, Duration.ZERO);
		assertThat(this.client.upload(pdf).status()).as("uploaded again").isEqualTo(201);
		Reply again = this.client.ask(id, "Which page is dark, now?");
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("citations").get(0).get("page").asInt()).isEqualTo(7);
	}

	@ParameterizedTest
	@EnumSource(Access.class)
	void aRenderACrashInterruptedIsRepairedOnTheNextAccess(Access access) throws Exception {
		String id = upload(TestPdfs.letter(4, "crash " + access, 3));
		Path dir = documentDir(id);
		// What a crash after page 2 leaves: the PDF, two pages, a half-written third, no manifest.
		Files.delete(dir.resolve("manifest.json"));
		Files.delete(dir.resolve("pages/3.jpg"));
		Files.delete(dir.resolve("pages/4.jpg"));
		Files.write(dir.resolve("pages/3.jpg." + UUID.randomUUID() + ".part"), new byte[] { (byte) 0xFF, (byte) 0xD8 });

		Reply reply = access.use(this.client, id);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		assertThat(Files.exists(dir.resolve("manifest.json"))).isTrue();
		assertThat(this.client.get("/api/v1/documents/" + id).json().get("pageCount").asInt()).isEqualTo(4);
		for (int page = 1; page <= 4; page++) {
			Reply image = this.client.get("/api/v1/documents/" + id + "/pages/" + page);
			assertThat(image.status()).isEqualTo(200);
			assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		}
	}

	private String upload(byte[] pdf) throws Exception {
		Reply reply = this.client.upload(pdf);
		assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
		return reply.json().get("id").asString();
	}

	/** Nothing half-written or moved aside remains in the store's temporary area or under {@code under}. */
	private static void assertNoLeftovers(Path under) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(files((path) -> (path.startsWith(storage.resolve("tmp"))
					|| path.startsWith(under))
					&& (path.toString().endsWith(".part") || path.getFileName().toString().startsWith("deleted-"))))
				.isEmpty());
	}

	private static Path documentDir(String id) {
		return storage.resolve("documents").resolve(id.substring(0, 2)).resolve(id);
	}

	private static List<Path> files(Predicate<Path> filter) throws IOException {
		try (Stream<Path> paths = Files.walk(storage)) {
			return paths.filter(filter).toList();
		}
	}

	/** When the delete comes. */
	enum Moment {

		WHILE_RANKING(() -> !upstream.rerankRequests().isEmpty()), WHILE_ANSWERING(() -> !upstream.chatRequests()
			.isEmpty());

		private final Supplier<Boolean> reached;

		Moment(Supplier<Boolean> reached) {
			this.reached = reached;
		}

	}

	/** What touches the document first after the crash. */
	enum Access {

		SUMMARY, PAGE_IMAGE, QUESTION;

		Reply use(ServiceClient client, String id) throws Exception {
			return switch (this) {
				case SUMMARY -> client.get("/api/v1/documents/" + id);
				case PAGE_IMAGE -> client.get("/api/v1/documents/" + id + "/pages/4");
				case QUESTION -> client.ask(id, "Which page is dark?");
			};
		}

	}

}
