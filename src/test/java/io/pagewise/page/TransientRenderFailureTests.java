package io.pagewise.page;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.TestDocuments;
import io.pagewise.page.jpeg.JpegEncoder;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A stored document is removed only for a reason that lies in it. Each failure that lies in the service (memory
 * another request took, I/O, an interrupt, an unexpected exception, a saturated pool) is injected into a real render
 * into real storage: the document survives with the pages rendered so far, answers 503 {@code render-unavailable}
 * with Retry-After, and the next access renders only the missing pages.
 */
class TransientRenderFailureTests {

	private static final int PAGES = 4;

	@TempDir
	private Path dir;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailingEncoder encoder = new FailingEncoder();

	private final List<Object> events = new ArrayList<>();

	private Documents documents;

	private RenderPool pool;

	private byte[] pdf;

	@BeforeEach
	void setUp() throws IOException {
		this.documents = TestDocuments.filesystem(this.dir.resolve("store"), this.events::add);
		this.pdf = Files.readAllBytes(new TestPdfs(this.dir).pages("four.pdf", PAGES, PDRectangle.A6));
	}

	@AfterEach
	void shutDown() throws InterruptedException {
		if (this.pool != null) {
			this.pool.destroy();
		}
	}

	@Test
	void outOfMemoryCausedByAConcurrentRequestKeepsTheDocument() {
		this.encoder.failOnce(new OutOfMemoryError("Java heap space"));
		survivesAndRendersOnNextAccess(renderer(Duration.ofMinutes(5), 2));
	}

	@Test
	void tooManyOpenFilesKeepsTheDocument() {
		this.encoder.failOnce(new java.io.FileNotFoundException("/tmp/x (Too many open files)"));
		survivesAndRendersOnNextAccess(renderer(Duration.ofMinutes(5), 2));
	}

	@Test
	void ioErrorThatDoesNotComeBackAloneKeepsTheDocument() {
		this.encoder.failOnce(new IOException("Read error"));
		survivesAndRendersOnNextAccess(renderer(Duration.ofMinutes(5), 2));
	}

	@Test
	void unexpectedRuntimeExceptionThatDoesNotComeBackAloneKeepsTheDocument() {
		this.encoder.failOnce(new IllegalStateException("a race in a library"));
		survivesAndRendersOnNextAccess(renderer(Duration.ofMinutes(5), 2));
	}

	@Test
	void interruptKeepsTheDocument() {
		PdfRasterizer rasterizer = rasterizer(Duration.ofMinutes(5), 2);
		DocumentRenderer rendering = new DocumentRenderer(this.documents, rasterizer);
		DocumentId id = store();
		try {
			assertThatExceptionOfType(PagewiseException.class)
				.isThrownBy(() -> rendering.render(id, (page, width, height, jpeg) -> Thread.currentThread().interrupt()))
				// render-unavailable, or storage-unavailable when a page write meets the interrupt first.
				.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		}
		finally {
			Thread.interrupted();
		}
		assertKeptAndRendersOnNextAccess(new PageRenderer(this.documents, rendering), id);
	}

	@Test
	void timeoutWhileThePoolIsSaturatedKeepsTheDocument() throws Exception {
		PageRenderer renderer = renderer(Duration.ofMillis(300), 1);
		CountDownLatch busy = new CountDownLatch(1);
		// Another document holds the only render worker for longer than this document's time.
		this.pool.execute(() -> {
			try {
				busy.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		DocumentId id = store();
		try {
			assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> renderer.summary(id))
				.satisfies(TransientRenderFailureTests::isRenderUnavailable);
		}
		finally {
			busy.countDown();
		}
		assertThat(this.encoder.calls).as("nothing rendered while queued").hasValue(0);
		assertKeptAndRendersOnNextAccess(renderer(Duration.ofMinutes(5), 1), id);
	}

	@Test
	void pageThatFailsAgainAloneIsTheDocumentsFaultAndRemovesIt() {
		this.encoder.failAlways(new IllegalStateException("this page cannot be drawn"));
		PageRenderer renderer = renderer(Duration.ofMinutes(5), 2);
		DocumentId id = store();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> renderer.summary(id))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo("pdf-unreadable");
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
			});
		assertThat(TestDocuments.hasPdf(this.dir.resolve("store"), id)).isFalse();
	}

	@Test
	void outOfMemoryThatComesBackAloneIsTooComplexAndRemovesTheDocument() {
		this.encoder.failAlways(new OutOfMemoryError("Java heap space"));
		PageRenderer renderer = renderer(Duration.ofMinutes(5), 2);
		DocumentId id = store();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> renderer.summary(id))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("pdf-too-complex"));
		assertThat(TestDocuments.hasPdf(this.dir.resolve("store"), id)).isFalse();
	}

	/** The injected failure makes the first access 503; the second renders the rest. */
	private void survivesAndRendersOnNextAccess(PageRenderer renderer) {
		DocumentId id = store();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> renderer.summary(id))
			.satisfies(TransientRenderFailureTests::isRenderUnavailable);
		assertKeptAndRendersOnNextAccess(renderer, id);
	}

	private void assertKeptAndRendersOnNextAccess(PageRenderer renderer, DocumentId id) {
		assertThat(TestDocuments.hasPdf(this.dir.resolve("store"), id)).as("the PDF is kept").isTrue();
		assertThat(this.events).as("nothing was deleted").isEmpty();
		int stored = 0;
		for (int page = 1; page <= PAGES; page++) {
			stored += this.documents.storedPage(id, page).isPresent() ? 1 : 0;
		}
		int encodedBefore = this.encoder.calls.get();

		DocumentSummary summary = renderer.summary(id);

		assertThat(summary.pageCount()).isEqualTo(PAGES);
		assertThat(this.encoder.calls.get() - encodedBefore).as("only the missing pages are rendered")
			.isEqualTo(PAGES - stored);
		assertThat(summary.pages()).allSatisfy((page) -> assertThat(page.width()).isPositive());
		assertThat(renderer.page(id, PAGES)).startsWith((byte) 0xFF, (byte) 0xD8);
		assertThat(this.documents.find(id)).contains(summary);
	}

	private static void isRenderUnavailable(PagewiseException ex) {
		assertThat(ex.code()).isEqualTo("render-unavailable");
		assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(ex.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9]\\d*");
	}

	private DocumentId store() {
		return this.documents.store(() -> new ByteArrayInputStream(this.pdf)).id();
	}

	private PageRenderer renderer(Duration documentTimeout, int threads) {
		return new PageRenderer(this.documents,
				new DocumentRenderer(this.documents, rasterizer(documentTimeout, threads)));
	}

	private PdfRasterizer rasterizer(Duration documentTimeout, int threads) {
		RenderProperties properties = PdfRasterizerTests.properties(0.8f, 2000, Duration.ofSeconds(30),
				documentTimeout, null, threads);
		if (this.pool != null) {
			try {
				this.pool.destroy();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.pool = new RenderPool(properties, this.registry);
		return new PdfRasterizer(properties, this.pool, new PagePainter(properties, this.registry, this.encoder));
	}

	/** ImageIO's encoder, failing once or every time with the failure it is given. */
	static final class FailingEncoder implements JpegEncoder {

		private final JpegEncoder real = JpegEncoder.imageIo(0.8f);

		final AtomicInteger calls = new AtomicInteger();

		private final AtomicReference<@Nullable Throwable> once = new AtomicReference<>();

		private volatile @Nullable Throwable always;

		void failOnce(Throwable failure) {
			this.once.set(failure);
		}

		void failAlways(Throwable failure) {
			this.always = failure;
		}

		@Override
		public byte[] encode(BufferedImage image) throws IOException {
			this.calls.incrementAndGet();
			Throwable failure = (this.always != null) ? this.always : this.once.getAndSet(null);
			if (failure instanceof IOException io) {
				throw io;
			}
			if (failure instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			return this.real.encode(image);
		}

		@Override
		public String name() {
			return "failing";
		}

	}

}
