package io.pagewise.page;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.PagewiseException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.springframework.util.unit.DataSize;

/**
 * Warm render throughput through the production path (PdfRasterizer: parallel workers on the render pool,
 * PDFBox, JPEG encoding; no storage), not a test. Each PDF of a folder is cut to its first pages (saved to a
 * folder the PyMuPDF side of the benchmark renders too), rendered once to warm up, then measured on command, so
 * the driver ({@code bench/bench.py}) can interleave it with PyMuPDF in the same run.
 * <p>
 * Arguments: {@code <corpus folder> <first pages> <folder for the cut PDFs> [auto|imageio]} (the last: the JPEG
 * encoder). It prints one JSON line when ready, then reads commands from stdin, one per line, answering each with
 * one JSON line:
 * <ul>
 * <li>{@code sequential}: the documents one after another, each on all render workers (one user at a time);</li>
 * <li>{@code concurrent N}: N documents at once, as N concurrent uploads would (service throughput);</li>
 * <li>{@code files}: each document alone, answering {@code {"files":{"name.pdf":[pages, ms], ...}}}.</li>
 * </ul>
 */
public final class RenderBenchmark {

	private final List<Path> pdfs;

	private final PdfRasterizer rasterizer;

	private RenderBenchmark(List<Path> pdfs, PdfRasterizer rasterizer) {
		this.pdfs = pdfs;
		this.rasterizer = rasterizer;
	}

	public static void main(String[] args) throws Exception {
		// Before any PDFBox class loads: its warnings about broken files are not the point here.
		System.setProperty("org.apache.commons.logging.LogFactory", "org.apache.commons.logging.impl.LogFactoryImpl");
		System.setProperty("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.NoOpLog");
		String encoder = (args.length > 3) ? args[3] : "auto";
		List<Path> pdfs = cut(Path.of(args[0]), Integer.parseInt(args[1]), Files.createDirectories(Path.of(args[2])));
		RenderProperties properties = new RenderProperties(110, 1_300_000, 0.8f, 2000, Duration.ofSeconds(30),
				Duration.ofMinutes(5), 0, null, RenderProperties.Encoder.valueOf(encoder.toUpperCase(Locale.ROOT)),
				Boolean.getBoolean("pagewise.render.icc-profiles"), DataSize.ofMegabytes(2));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		RenderPool pool = new RenderPool(properties, registry);
		try {
			RenderBenchmark benchmark = new RenderBenchmark(pdfs, new PdfRasterizer(properties, pool, registry));
			benchmark.run(1); // warm-up: JIT, fonts, ImageIO
			System.out.printf("{\"ready\":true,\"workers\":%d,\"encoder\":\"%s\",\"files\":%d}%n", pool.parallelism(),
					properties.encoder().name(), pdfs.size());
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String command = commands.readLine(); command != null; command = commands.readLine()) {
				String[] words = command.trim().split("\\s+");
				if (words[0].equals("files")) {
					System.out.println(benchmark.perFile());
					continue;
				}
				int documentsAtOnce = words[0].equals("concurrent") ? Integer.parseInt(words[1]) : 1;
				System.out.println(benchmark.run(documentsAtOnce));
			}
		}
		finally {
			pool.destroy();
		}
	}

	/** Renders every PDF, {@code documentsAtOnce} at a time; the result as a JSON line. */
	private String run(int documentsAtOnce) throws Exception {
		AtomicLong pages = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		List<String> failed = new ArrayList<>();
		long started = System.nanoTime();
		try (ExecutorService users = Executors.newFixedThreadPool(documentsAtOnce)) {
			List<Future<?>> documents = new ArrayList<>();
			for (Path pdf : this.pdfs) {
				documents.add(users.submit(() -> render(pdf, pages, bytes, failed)));
			}
			for (Future<?> document : documents) {
				document.get();
			}
		}
		long nanos = System.nanoTime() - started;
		return String.format(
				"{\"documentsAtOnce\":%d,\"pages\":%d,\"wallMs\":%.1f,\"msPerPage\":%.2f,\"bytes\":%d,\"failed\":%s}",
				documentsAtOnce, pages.get(), nanos / 1e6, nanos / 1e6 / Math.max(1, pages.get()), bytes.get(),
				failed.stream().map((name) -> "\"" + name + "\"").toList());
	}

	/** Each document alone on all workers, one after another: milliseconds per file, to see where time goes. */
	private String perFile() {
		List<String> files = new ArrayList<>();
		for (Path pdf : this.pdfs) {
			AtomicLong pages = new AtomicLong();
			long started = System.nanoTime();
			render(pdf, pages, new AtomicLong(), new ArrayList<>());
			files.add(String.format("\"%s\":[%d,%.1f]", pdf.getFileName(), pages.get(),
					(System.nanoTime() - started) / 1e6));
		}
		return "{\"files\":{" + String.join(",", files) + "}}";
	}

	private void render(Path pdf, AtomicLong pages, AtomicLong bytes, List<String> failed) {
		try {
			pages.addAndGet(this.rasterizer.rasterize(pdf, (page, width, height, jpeg) -> bytes.addAndGet(jpeg.length)));
		}
		catch (PagewiseException ex) {
			synchronized (failed) {
				failed.add(pdf.getFileName().toString());
			}
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

}
