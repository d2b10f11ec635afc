package io.pagewise.page;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.document.PageRasterizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Renders stored PDFs to JPEG pages with PDFBox, in parallel on the render pool, within time and size limits. */
@Component
class PdfRasterizer implements PageRasterizer {

	private static final Logger logger = LoggerFactory.getLogger(PdfRasterizer.class);

	private final RenderProperties properties;

	private final RenderPool pool;

	private final PagePainter painter;

	/** PDFBox reads ICC-based colour spaces as their alternate device colour space while this is set. */
	static final String ALTERNATE_INSTEAD_OF_ICC = "org.apache.pdfbox.rendering.UseAlternateInsteadOfICCColorSpace";

	PdfRasterizer(RenderProperties properties, RenderPool pool, MeterRegistry registry) {
		this.properties = properties;
		// A JVM-wide PDFBox setting (read whenever it meets an ICC-based colour space): one rasterizer per service.
		if (properties.iccProfiles()) {
			System.clearProperty(ALTERNATE_INSTEAD_OF_ICC);
		}
		else {
			System.setProperty(ALTERNATE_INSTEAD_OF_ICC, "true");
		}
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

	@Override
	public int rasterize(Path pdf, PageSink sink) {
		return new RenderJob(pdf, sink, this.properties, this.pool, this.painter).run();
	}

}
