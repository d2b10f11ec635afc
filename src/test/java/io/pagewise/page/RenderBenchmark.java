package io.pagewise.page;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.PagewiseException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Warm render throughput on a folder of PDFs through the production path (PdfRasterizer: parallel workers,
 * PDFBox, JPEG encoding; no storage), not a test. Each file is cut to its first pages, rendered once to warm
 * up, then measured.
 * <p>
 * Run it with arguments {@code <folder> <first pages>}:
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx512m -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.pagewise.page.RenderBenchmark /work/shared/corpus/real 30
 * </pre>
 */
public final class RenderBenchmark {

	private RenderBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		// Before any PDFBox class loads: its warnings about broken files are not the point here.
		System.setProperty("org.apache.commons.logging.LogFactory", "org.apache.commons.logging.impl.LogFactoryImpl");
		System.setProperty("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.NoOpLog");
		Path corpus = Path.of((args.length > 0) ? args[0] : "/work/shared/corpus/real");
		int firstPages = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		Path work = Files.createTempDirectory("render-benchmark");
		List<Path> pdfs = cut(corpus, firstPages, work);
		RenderProperties properties = new RenderProperties(110, 1_300_000, 0.8f, 2000, Duration.ofSeconds(30),
				Duration.ofMinutes(5), 0, null);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		RenderPool pool = new RenderPool(properties, registry);
		try {
			PdfRasterizer rasterizer = new PdfRasterizer(properties, pool, registry);
			pass(rasterizer, pdfs, false);
			registry.clear();
			rasterizer = new PdfRasterizer(properties, pool, registry);
			System.out.printf("%d workers, first %d pages of each file, warm:%n", pool.parallelism(), firstPages);
			pass(rasterizer, pdfs, true);
			Timer pages = registry.get("pagewise.render.page").tag("outcome", "success").timer();
			System.out.printf("per page on one worker (render + JPEG): mean %.1f ms, max %.1f ms%n",
					pages.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
					pages.max(java.util.concurrent.TimeUnit.MILLISECONDS));
		}
		finally {
			pool.destroy();
		}
	}

	private static void pass(PdfRasterizer rasterizer, List<Path> pdfs, boolean report) {
		long totalNanos = 0;
		int totalPages = 0;
		long totalBytes = 0;
		for (Path pdf : pdfs) {
			long[] bytes = { 0 };
			long started = System.nanoTime();
			try {
				int pages = rasterizer.rasterize(pdf, (page, width, height, jpeg) -> {
					synchronized (bytes) {
						bytes[0] += jpeg.length;
					}
				});
				long nanos = System.nanoTime() - started;
				totalNanos += nanos;
				totalPages += pages;
				totalBytes += bytes[0];
				if (report) {
					System.out.printf("%-52s %4d pages %8.1f ms/page %7d KiB/page%n", pdf.getFileName(), pages,
							nanos / 1e6 / pages, bytes[0] / pages / 1024);
				}
			}
			catch (PagewiseException ex) {
				System.out.printf("%-52s failed: %s (%s)%n", pdf.getFileName(), ex.getMessage(), rootCause(ex));
			}
		}
		if (report && totalPages > 0) {
			System.out.printf("TOTAL %d pages in %.1f s: %.1f ms/page wall clock, %d KiB/page%n", totalPages,
					totalNanos / 1e9, totalNanos / 1e6 / totalPages, totalBytes / totalPages / 1024);
		}
	}

	private static List<Path> cut(Path corpus, int firstPages, Path work) throws IOException {
		try (Stream<Path> files = Files.list(corpus)) {
			List<Path> pdfs = files.filter((file) -> file.toString().endsWith(".pdf")).sorted().toList();
			for (Path pdf : pdfs) {
				try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
					while (document.getNumberOfPages() > firstPages) {
						document.removePage(document.getNumberOfPages() - 1);
					}
					document.save(work.resolve(pdf.getFileName()).toFile());
				}
			}
			return pdfs.stream().map((pdf) -> work.resolve(pdf.getFileName())).toList();
		}
	}

	private static String rootCause(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.toString();
	}

}
