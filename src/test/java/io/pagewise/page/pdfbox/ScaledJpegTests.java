package io.pagewise.page.pdfbox;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import io.pagewise.page.jpeg.JpegDecoder;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * JPEG images decoded by libjpeg-turbo at the scale they are drawn look like PDFBox's own decoding, and whatever
 * the decoder declines PDFBox decodes exactly as before.
 */
class ScaledJpegTests {

	private JpegDecoder turbo;

	@BeforeEach
	void libjpegTurbo() {
		JpegDecoder decoder = JpegDecoder.turbo().orElse(null);
		assumeThat(decoder).as("libjpeg-turbo (libturbojpeg0) on Java 22+").isNotNull();
		this.turbo = decoder;
	}

	@Test
	void colourPhotoDrawnSmallLooksLikePdfBoxsDecoding() throws IOException {
		Counting decoder = new Counting(this.turbo);
		byte[] pdf = pageWithJpeg(photo(2400, 1800, BufferedImage.TYPE_INT_RGB), 300, 225);

		BufferedImage pdfbox = render(pdf, null);
		BufferedImage turbo = render(pdf, decoder);

		assertThat(decoder.decoded).as("images decoded by libjpeg-turbo").hasValue(1);
		assertThat(decoder.lastDenominator).as("a quarter of the size, in the DCT").isEqualTo(4);
		assertThat(GlyphAtlasTests.psnr(pdfbox, turbo)).isGreaterThan(GlyphAtlasTests.SAME_PICTURE_DB);
	}

	@Test
	void greyPhotoLooksLikePdfBoxsDecoding() throws IOException {
		Counting decoder = new Counting(this.turbo);
		byte[] pdf = pageWithJpeg(photo(1200, 900, BufferedImage.TYPE_BYTE_GRAY), 400, 300);

		BufferedImage pdfbox = render(pdf, null);
		BufferedImage turbo = render(pdf, decoder);

		assertThat(decoder.decoded).hasValue(1);
		assertThat(GlyphAtlasTests.psnr(pdfbox, turbo)).isGreaterThan(GlyphAtlasTests.SAME_PICTURE_DB);
	}

	@Test
	void whatTheDecoderDeclinesPdfBoxDecodesAsBefore() throws IOException {
		JpegDecoder declining = (jpeg, components, denominator) -> null;
		byte[] pdf = pageWithJpeg(photo(1200, 900, BufferedImage.TYPE_INT_RGB), 400, 300);

		BufferedImage pdfbox = render(pdf, null);
		BufferedImage fallback = render(pdf, declining);

		for (int y = 0; y < pdfbox.getHeight(); y += 7) {
			for (int x = 0; x < pdfbox.getWidth(); x += 7) {
				assertThat(fallback.getRGB(x, y)).isEqualTo(pdfbox.getRGB(x, y));
			}
		}
	}

	@Test
	void neverDecodesCoarserThanPdfBoxWouldSubsample() {
		assertThat(ScaledJpeg.denominator(1)).isEqualTo(1);
		assertThat(ScaledJpeg.denominator(3)).isEqualTo(2);
		assertThat(ScaledJpeg.denominator(7)).isEqualTo(4);
		assertThat(ScaledJpeg.denominator(8)).isEqualTo(8);
		assertThat(ScaledJpeg.denominator(20)).isEqualTo(8);
	}

	private static BufferedImage render(byte[] pdf, @Nullable JpegDecoder decoder) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new GuardedRenderer(document, () -> false, new ImageBudget(256L << 20), null, decoder, false)
				.renderImage(0, 110 / 72f, ImageType.BGR);
		}
	}

	/** Smooth gradients with a few hard edges: what photos and scanned figures have. */
	private static BufferedImage photo(int width, int height, int type) {
		BufferedImage image = new BufferedImage(width, height, type);
		Graphics2D graphics = image.createGraphics();
		graphics.setPaint(new GradientPaint(0, 0, new Color(200, 40, 30), width, height, new Color(20, 90, 220)));
		graphics.fillRect(0, 0, width, height);
		graphics.setColor(Color.WHITE);
		graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
		graphics.setColor(Color.BLACK);
		graphics.fillRect(width / 10, height / 10, width / 5, height / 12);
		graphics.dispose();
		return image;
	}

	private static byte[] pageWithJpeg(BufferedImage photo, float width, float height) throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			PDImageXObject jpeg = JPEGFactory.createFromImage(document, photo, 0.9f);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.drawImage(jpeg, 72, 300, width, height);
			}
			document.save(out);
			return out.toByteArray();
		}
	}

	/** Counts the images the decoder decoded, and remembers the last scale. */
	private static final class Counting implements JpegDecoder {

		private final JpegDecoder decoder;

		private final AtomicInteger decoded = new AtomicInteger();

		private int lastDenominator;

		Counting(JpegDecoder decoder) {
			this.decoder = decoder;
		}

		@Override
		public @Nullable BufferedImage decode(byte[] jpeg, int components, int denominator) {
			BufferedImage image = this.decoder.decode(jpeg, components, denominator);
			if (image != null) {
				this.decoded.incrementAndGet();
				this.lastDenominator = denominator;
			}
			return image;
		}

	}

}
