package io.pagewise.page;

import java.nio.file.Path;
import java.util.function.IntPredicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.PagewiseException;
import io.pagewise.page.pdfbox.PdfBoxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Renders stored PDFs to JPEG pages with PDFBox, in parallel on the render pool, within time and size limits. */
@Component
class PdfRasterizer {

	private static final Logger logger = LoggerFactory.getLogger(PdfRasterizer.class);

	private final RenderProperties properties;

	private final RenderPool pool;

	private final PagePainter painter;

	@Autowired
	PdfRasterizer(RenderProperties properties, RenderPool pool, MeterRegistry registry) {
		this(properties, pool, new PagePainter(properties, registry));
	}

	PdfRasterizer(RenderProperties properties, RenderPool pool, PagePainter painter) {
		this.properties = properties;
		// JVM-wide in PDFBox: one rasterizer per service.
		PdfBoxSettings.apply(properties.iccProfiles());
		this.pool = pool;
		this.painter = painter;
		if (this.painter.encoderName().equals("imageio") && properties.jpegEncoder() == RenderProperties.Encoder.AUTO) {
			logger.warn("libjpeg-turbo is not available (it needs Java 22+ and the libturbojpeg0 package): pages are "
					+ "encoded with ImageIO, several times slower");
		}
		else {
			logger.info("Pages are encoded with {}", this.painter.encoderName());
		}
	}

	/**
	 * Renders every page of {@code pdf}, handing each page to {@code sink} on the calling thread as soon as it is
	 * encoded (in any order).
	 * @return the number of pages rendered
	 * @throws io.pagewise.PagewiseException when the PDF cannot be rendered: 422 for a reason that lies in the
	 * document, 503 {@code render-unavailable} for one that lies in the service
	 */
	int rasterize(Path pdf, PageSink sink) {
		return rasterize(pdf, sink, (page) -> true);
	}

	/**
	 * Like {@link #rasterize(Path, PageSink)}, rendering only the pages {@code wanted} (1-based; the others are
	 * stored already); returns the document's page count.
	 */
	int rasterize(Path pdf, PageSink sink, IntPredicate wanted) {
		try {
			return job(pdf, sink, wanted, this.pool.parallelism()).run();
		}
		catch (RenderJob.Suspect suspect) {
			throw confirm(pdf, sink, suspect);
		}
	}

	/**
	 * Renders the step that failed again, alone (no other worker of the document) on a fresh parser: a failure that
	 * comes back lies in the document; one that does not lay in the moment (memory held by other requests, a race,
	 * a busy machine), and the page is stored now.
	 */
	private PagewiseException confirm(Path pdf, PageSink sink, RenderJob.Suspect suspect) {
		int step = suspect.step();
		try {
			job(pdf, sink, (page) -> page == step, 1).run();
		}
		catch (RenderJob.Suspect again) {
			logger.info("{} refused: step {} (0: opening, n: page n) failed again alone: {}", pdf, step,
					String.valueOf(again.getCause()));
			return again.problem();
		}
		logger.warn("{}: step {} failed ({}) but not when tried again alone; the document is kept", pdf, step,
				String.valueOf(suspect.getCause()));
		return RenderProblems.unavailable("Rendering failed for a reason that did not come back.", suspect.getCause());
	}

	private RenderJob job(Path pdf, PageSink sink, IntPredicate wanted, int workers) {
		return new RenderJob(pdf, sink, this.properties, this.pool, this.painter, wanted, workers);
	}

}
