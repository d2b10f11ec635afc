package io.pagewise.page;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.page.pdfbox.PdfBoxColour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Renders stored PDFs to JPEG pages with PDFBox, in parallel on the render pool, within time and size limits. */
@Component
class PdfRasterizer {

	private static final Logger logger = LoggerFactory.getLogger(PdfRasterizer.class);

	private final RenderProperties properties;

	private final RenderPool pool;

	private final PagePainter painter;

	PdfRasterizer(RenderProperties properties, RenderPool pool, MeterRegistry registry) {
		this.properties = properties;
		// JVM-wide in PDFBox: one rasterizer per service.
		PdfBoxColour.useIccProfiles(properties.iccProfiles());
		this.pool = pool;
		this.painter = new PagePainter(properties, registry);
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
	 * @throws io.pagewise.PagewiseException when the PDF cannot be rendered for a reason the client can act on
	 */
	int rasterize(Path pdf, PageSink sink) {
		return new RenderJob(pdf, sink, this.properties, this.pool, this.painter).run();
	}

}
