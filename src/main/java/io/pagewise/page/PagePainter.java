package io.pagewise.page;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.page.jpeg.JpegDecoder;
import io.pagewise.page.jpeg.JpegEncoder;
import io.pagewise.page.pdfbox.GuardedRenderer;
import io.pagewise.page.pdfbox.ImageBudget;
import io.pagewise.page.pdfbox.PageScale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.jspecify.annotations.Nullable;

/** Renders one page of an open document straight to its budgeted size and encodes it as JPEG; timed. */
final class PagePainter {

	private final int dpi;

	private final long maxPixels;

	private final JpegEncoder encoder;

	private final @Nullable JpegDecoder decoder;

	private final Timer succeeded;

	private final Timer failed;

	PagePainter(RenderProperties properties, MeterRegistry registry) {
		this(properties, registry, properties.encoder());
	}

	PagePainter(RenderProperties properties, MeterRegistry registry, JpegEncoder encoder) {
		this.dpi = properties.dpi();
		this.maxPixels = properties.maxPixels();
		this.encoder = encoder;
		this.decoder = JpegDecoder.turbo().orElse(null);
		this.succeeded = timer(registry, "success");
		this.failed = timer(registry, "failure");
	}

	/** The encoder in use, for the start-up log and benchmarks. */
	String encoderName() {
		return this.encoder.name();
	}

	/** The decoder for JPEG images in PDFs: libjpeg-turbo when it loads, else null (PDFBox decodes them). */
	@Nullable JpegDecoder jpegDecoder() {
		return this.decoder;
	}

	/** Renders page {@code index} (0-based) of {@code document} with {@code renderer}, made for that document. */
	PageImage paint(PDDocument document, GuardedRenderer renderer, int index) throws IOException {
		long started = System.nanoTime();
		boolean painted = false;
		try {
			PDPage page = document.getPage(index);
			PageScale scale = PageScale.of(page.getCropBox(), page.getRotation(), this.dpi, this.maxPixels);
			BufferedImage image = render(renderer, index, scale);
			PageImage painting = new PageImage(index + 1, image.getWidth(), image.getHeight(),
					this.encoder.encode(image));
			painted = true;
			return painting;
		}
		finally {
			(painted ? this.succeeded : this.failed).record(System.nanoTime() - started,
					TimeUnit.NANOSECONDS);
		}
	}

	private static BufferedImage render(GuardedRenderer renderer, int index, PageScale scale) throws IOException {
		try {
			// BGR: three bytes per pixel, which both encoders read as they are (INT_RGB needs a conversion).
			return scale.verify(renderer.renderReusing(index, scale));
		}
		catch (ImageBudget.Exceeded ex) {
			throw RenderProblems.imageTooLarge(ex.bytes(), ex.maxBytes());
		}
	}

	private static Timer timer(MeterRegistry registry, String outcome) {
		return Timer.builder("pagewise.render.page")
			.description("Rendering and encoding one page")
			.tag("outcome", outcome)
			.register(registry);
	}

}
