package io.pagewise.page;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The newsletter once refused as unreadable: five fonts it names but does not embed, all drawn with the same
 * substitute font, read by several render workers at once. Eight workers render it again and again, two documents at
 * a time; every render must succeed. Short by default; {@code -Dpagewise.race.renders=200} runs the full loop (about
 * six minutes on two cores). Needs the corpus ({@code PAGEWISE_CORPUS_DIR}).
 */
class SubstituteFontRaceTests {

	private static final String NEWSLETTER = "real/multicol_newsletter_va_volunteer_promise.pdf";

	@Test
	void newsletterWithFiveSubstitutedFontsRendersOnEightWorkersEveryTime() throws Exception {
		String corpus = System.getenv("PAGEWISE_CORPUS_DIR");
		assumeThat(corpus).as("PAGEWISE_CORPUS_DIR").isNotNull();
		Path pdf = Path.of(corpus).resolve(NEWSLETTER);
		assumeThat(Files.isRegularFile(pdf)).as(NEWSLETTER).isTrue();
		int renders = Integer.getInteger("pagewise.race.renders", 4);
		RenderProperties properties = PdfRasterizerTests.properties(0.8f, 2000, Duration.ofMinutes(2),
				Duration.ofMinutes(10), null, 8);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		RenderPool pool = new RenderPool(properties, registry);
		try (ExecutorService documents = Executors.newFixedThreadPool(2)) {
			PdfRasterizer rasterizer = new PdfRasterizer(properties, pool, registry);
			AtomicLong pages = new AtomicLong();
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < renders; i++) {
				results.add(documents.submit(() -> rasterizer.rasterize(pdf, (page, width, height, jpeg) -> pages.incrementAndGet())));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get()).isEqualTo(8);
			}
			assertThat(pages).hasValue(8L * renders);
		}
		finally {
			pool.destroy();
		}
	}

}
