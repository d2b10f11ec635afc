package io.pagewise.page.pdfbox;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.pagewise.page.jpeg.JpegDecoder;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * An image that cannot be drawn fails its page rather than leaving it blank: PDFBox's {@code Do} operator logs an
 * image's IOException and goes on, which handed the reader a white page where the picture should have been.
 */
class UndrawableImageTests {

	@Test
	void anImageThatCannotBeDecodedFailsThePageInsteadOfLeavingItBlank() throws IOException {
		try (PDDocument document = Loader.loadPDF(pageWithImage(false))) {
			for (JpegDecoder decoder : decoders()) {
				assertThatIOException().as("decoder %s", decoder).isThrownBy(() -> render(document, decoder));
			}
		}
	}

	@Test
	void anImageInsideAFormThatCannotBeDecodedFailsThePageToo() throws IOException {
		try (PDDocument document = Loader.loadPDF(pageWithImage(true))) {
			assertThatIOException().isThrownBy(() -> render(document, null));
		}
	}

	@Test
	void aPageWhoseImageDecodesIsDrawnWithIt() throws IOException {
		try (PDDocument document = Loader.loadPDF(pageWithJpeg())) {
			for (JpegDecoder decoder : decoders()) {
				BufferedImage page = render(document, decoder);
				assertThat(page.getRGB(page.getWidth() / 2, page.getHeight() / 2) & 0xffffff).as("decoder %s", decoder)
					.isEqualTo(0x000000);
			}
		}
	}

	/** PDFBox's own decoding, and libjpeg-turbo's where it is installed. */
	private static JpegDecoder[] decoders() {
		JpegDecoder turbo = JpegDecoder.turbo().orElse(null);
		return (turbo != null) ? new JpegDecoder[] { null, turbo } : new JpegDecoder[] { null };
	}

	private static BufferedImage render(PDDocument document, JpegDecoder decoder) throws IOException {
		GuardedRenderer renderer = new GuardedRenderer(document, () -> false, new ImageBudget(64L << 20), null,
				decoder, false);
		PDPage page = document.getPage(0);
		return renderer.renderReusing(0, PageScale.of(page.getCropBox(), page.getRotation(), 110, 1_300_000));
	}

	/** A letter page covered by a "JPEG" image whose data is not a JPEG, drawn directly or inside a form. */
	private static byte[] pageWithImage(boolean inForm) throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			PDImageXObject broken = new PDImageXObject(document,
					new ByteArrayInputStream("not a JPEG at all, just text".repeat(100).getBytes(StandardCharsets.US_ASCII)),
					COSName.DCT_DECODE, 64, 64, 8, PDDeviceRGB.INSTANCE);
			if (inForm) {
				// An appearance stream is a form XObject that PDPageContentStream can write.
				PDAppearanceStream form = new PDAppearanceStream(document);
				form.setBBox(PDRectangle.LETTER);
				form.setResources(new org.apache.pdfbox.pdmodel.PDResources());
				try (PDPageContentStream content = new PDPageContentStream(document, form)) {
					content.drawImage(broken, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
				}
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawForm(form);
				}
			}
			else {
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawImage(broken, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
				}
			}
			document.save(out);
			return out.toByteArray();
		}
	}

	/** A letter page covered by a black JPEG. */
	private static byte[] pageWithJpeg() throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			BufferedImage black = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
			PDImageXObject jpeg = org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory.createFromImage(document, black);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.drawImage(jpeg, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
			}
			document.save(out);
			return out.toByteArray();
		}
	}

}
