package io.pagewise.answer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * PDFs of photo-like pages: each a full-page colour picture with fine grain, so its rendered page image is large
 * (about 400 KB at the default 110 dpi and JPEG quality), as scanned photos and brochures are.
 */
final class PhotoPdfs {

	/** Grain amplitude that makes a letter page at 110 dpi about 395 KB as the renderer encodes it. */
	static final int GRAIN = 40;

	private PhotoPdfs() {
	}

	static byte[] letter(int pages, long seed) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (int i = 1; i <= pages; i++) {
				PDPage page = new PDPage(PDRectangle.LETTER);
				document.addPage(page);
				PDImageXObject photo = JPEGFactory.createFromImage(document, photo(seed + i), 0.95f);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawImage(photo, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
				}
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Soft colour waves under per-pixel grain, at the size a letter page renders to at 110 dpi. */
	private static BufferedImage photo(long seed) {
		int width = 935;
		int height = 1210;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(seed);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int base = 128 + (int) (60 * Math.sin(x / 40.0) * Math.cos(y / 55.0));
				int red = grain(base, random);
				int green = grain(base - 20, random);
				int blue = grain(base + 30, random);
				image.setRGB(x, y, (red << 16) | (green << 8) | blue);
			}
		}
		return image;
	}

	private static int grain(int base, Random random) {
		return Math.clamp(base + random.nextInt(2 * GRAIN + 1) - GRAIN, 0, 255);
	}

}
