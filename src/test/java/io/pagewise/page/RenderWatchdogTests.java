package io.pagewise.page;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.PagewiseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** Deadlines: PDFBox cannot be cancelled from outside, yet a slow or stuck PDF must not hold the service. */
class RenderWatchdogTests {

	@TempDir
	Path dir;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private RenderPool pool;

	@AfterEach
	void shutDown() throws InterruptedException {
		if (this.pool != null) {
			this.pool.destroy();
		}
	}

	@Test
	void pageOverItsTimeoutFailsTheDocumentAndItsWorkerStops() {
		// 10 million tiny fills: far longer to render than any test waits, unless cancelled.
		Path slow = new TestPdfs(this.dir).slow("slow.pdf", 20_000, 500);
		PdfRasterizer rasterizer = rasterizer(Duration.ofMillis(300), Duration.ofMinutes(5), 2);
		PdfRasterizerTests.Pages pages = new PdfRasterizerTests.Pages();

		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> rasterizer.rasterize(slow, pages))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("render-timeout"))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).startsWith("Rendering page 1 took longer"));

		assertThat(pages.all()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.lent() == 0);
		assertThat(patient().rasterize(new TestPdfs(this.dir).letter("letter.pdf"), pages)).isEqualTo(1);
	}

	@Test
	void documentOverItsTimeoutFails() {
		Path slow = new TestPdfs(this.dir).slow("slow.pdf", 20_000, 500);
		PdfRasterizer rasterizer = rasterizer(Duration.ofMinutes(1), Duration.ofMillis(300), 2);

		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> rasterizer.rasterize(slow, new PdfRasterizerTests.Pages()))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("render-timeout"))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).startsWith("Rendering the PDF took longer"));
	}

	@Test
	void workerStuckOutsidePdfBoxIsAbandonedAndThePoolLendsAThread() throws Exception {
		// Opening a FIFO blocks in native code until a writer comes: no interrupt, no cancellation check helps.
		Path fifo = this.dir.resolve("stuck.pdf");
		assumeThat(mkfifo(fifo)).as("mkfifo is available").isTrue();
		PdfRasterizer rasterizer = rasterizer(Duration.ofMillis(300), Duration.ofMinutes(5), 1);

		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> rasterizer.rasterize(fifo, new PdfRasterizerTests.Pages()))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("render-timeout"))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).startsWith("Opening the PDF took longer"));
		assertThat(this.pool.lent()).isOne();
		assertThat(this.registry.get("pagewise.render.abandoned").gauge().value()).isOne();

		// The pool's only thread is stuck; the lent one renders the next document.
		PdfRasterizerTests.Pages pages = new PdfRasterizerTests.Pages();
		assertThat(patient().rasterize(new TestPdfs(this.dir).letter("letter.pdf"), pages)).isEqualTo(1);

		// A writer arrives and leaves at once: the worker's open returns, it reads an empty file and ends.
		Files.newOutputStream(fifo).close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.lent() == 0);
	}

	/**
	 * A rasterizer on the same pool with generous limits, for the "it still works afterwards" checks: a cold first
	 * render on a loaded machine can take longer than the short limits the failure cases use.
	 */
	private PdfRasterizer patient() {
		RenderProperties properties = PdfRasterizerTests.properties(0.8f, 2000, Duration.ofMinutes(1),
				Duration.ofMinutes(5), null, 1);
		return new PdfRasterizer(properties, this.pool, this.registry);
	}

	private PdfRasterizer rasterizer(Duration pageTimeout, Duration documentTimeout, int threads) {
		RenderProperties properties = PdfRasterizerTests.properties(0.8f, 2000, pageTimeout, documentTimeout, null,
				threads);
		this.pool = new RenderPool(properties, this.registry);
		return new PdfRasterizer(properties, this.pool, this.registry);
	}

	private static boolean mkfifo(Path path) throws InterruptedException {
		try {
			return new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
