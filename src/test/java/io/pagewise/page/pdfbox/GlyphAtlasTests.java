package io.pagewise.page.pdfbox;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentGroup;
import org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentProperties;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.util.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The glyph atlas is a speed-up only: pages rendered with it look like pages whose glyphs are filled as outlines
 * each time (letters move by at most an eighth of a pixel), and it draws nothing outside the clip.
 */
class GlyphAtlasTests {

	/**
	 * Peak signal-to-noise ratio (see {@link #psnr}), in dB, above which two renderings of a page count as the same
	 * picture. Measured: 36 dB for the atlas on dense text, 17–19 dB for the same page moved by one pixel.
	 */
	static final double SAME_PICTURE_DB = 30;

	@Test
	void textDrawnFromTheAtlasLooksLikeTextFilledAsOutlines() throws IOException {
		byte[] pdf = textSampler();

		Renderings renderings = renderBothWays(pdf, 1.53f);

		assertThat(renderings.cachedGlyphs()).as("glyphs drawn from the atlas").isGreaterThan(100);
		for (int page = 0; page < renderings.cached().size(); page++) {
			BufferedImage outlines = renderings.outlines().get(page);
			assertThat(psnr(outlines, renderings.cached().get(page))).as("page %d", page + 1)
				.isGreaterThan(SAME_PICTURE_DB);
			// The measure tells a letter out of place: text moved by one pixel is well below the bar.
			assertThat(psnr(outlines, shiftedByOnePixel(outlines))).isLessThan(SAME_PICTURE_DB - 5);
		}
	}

	@Test
	void nothingIsDrawnOutsideARectangularClip() throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.addRect(100, 600, 120, 30);
				content.clip();
				for (int line = 0; line < 10; line++) {
					text(content, new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14, 72, 700 - 16 * line,
							"The quick brown fox jumps over the lazy dog, again and again.");
				}
			}
			document.save(out);
			BufferedImage image = renderBothWays(out.toByteArray(), 1.5f).cached().get(0);

			// The clip in pixels: x 150–330, y (792 - 630) × 1.5 = 243 to (792 - 600) × 1.5 = 288.
			int inked = 0;
			for (int y = 0; y < image.getHeight(); y++) {
				for (int x = 0; x < image.getWidth(); x++) {
					boolean white = (image.getRGB(x, y) & 0xffffff) == 0xffffff;
					if (x < 150 || x >= 330 || y < 243 || y >= 288) {
						assertThat(white).as("pixel %d,%d outside the clip", x, y).isTrue();
					}
					else if (!white) {
						inked++;
					}
				}
			}
			assertThat(inked).as("inked pixels inside the clip").isGreaterThan(500);
		}
	}

	@Test
	void textInHiddenOptionalContentStaysHidden() throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			PDOptionalContentProperties layers = new PDOptionalContentProperties();
			PDOptionalContentGroup hidden = new PDOptionalContentGroup("hidden");
			layers.addGroup(hidden);
			layers.setGroupEnabled(hidden, false);
			document.getDocumentCatalog().setOCProperties(layers);
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			String line = "The same words, visible above and hidden below.";
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				// Visible first, so the hidden copy's glyphs are in the atlas by then (same size, same phase).
				text(content, font, 12, 72, 700, line);
				content.beginMarkedContent(COSName.OC, hidden);
				text(content, font, 12, 72, 400, line);
				content.endMarkedContent();
			}
			document.save(out);
			BufferedImage image = renderBothWays(out.toByteArray(), 1.5f).cached().get(0);

			// Visible line: y = (792 - 700) × 1.5 = 138 px from the top; hidden line at (792 - 400) × 1.5 = 588.
			assertThat(inkedPixels(image, 110, 150)).as("ink on the visible line").isGreaterThan(500);
			assertThat(inkedPixels(image, 560, 600)).as("ink on the hidden line").isZero();
		}
	}

	private static int inkedPixels(BufferedImage image, int fromY, int toY) {
		int inked = 0;
		for (int y = fromY; y < toY; y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
					inked++;
				}
			}
		}
		return inked;
	}

	@Test
	@EnabledIfEnvironmentVariable(named = "PAGEWISE_CORPUS_DIR", matches = ".+")
	void realDocumentsLookTheSameWithTheAtlas() throws IOException {
		Path real = Path.of(System.getenv("PAGEWISE_CORPUS_DIR"), "real");
		for (String name : List.of("paper_tracemonkey_pldi09.pdf", "cjk_cn_texlive_guide.pdf",
				"arabic_al_jahiz_sample.pdf", "fin_us_irs_i1040nr_2007_instructions.pdf", "slides_beamer_conference_talk.pdf",
				"multicol_federal_register_2020-17221.pdf")) {
			Renderings renderings = renderBothWays(Files.readAllBytes(real.resolve(name)), 110 / 72f, 3);
			assertThat(renderings.cachedGlyphs()).as("%s: glyphs drawn from the atlas", name).isPositive();
			for (int page = 0; page < renderings.cached().size(); page++) {
				assertThat(psnr(renderings.outlines().get(page), renderings.cached().get(page)))
					.as("%s page %d", name, page + 1)
					.isGreaterThan(SAME_PICTURE_DB);
			}
		}
	}

	/** Text in three fonts, many sizes, colours, transparency, rotation, fill-and-stroke, on plain and rotated pages. */
	private static byte[] textSampler() throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (int rotation : new int[] { 0, 90 }) {
				PDPage page = new PDPage(PDRectangle.A4);
				page.setRotation(rotation);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					float y = 800;
					for (Standard14Fonts.FontName name : List.of(Standard14Fonts.FontName.HELVETICA,
							Standard14Fonts.FontName.TIMES_ITALIC, Standard14Fonts.FontName.COURIER_BOLD)) {
						for (float size = 5; size <= 29; size += 4) {
							content.setNonStrokingColor(size > 20 ? 0.8f : 0f, 0f, size > 12 ? 0.6f : 0f);
							text(content, new PDType1Font(name), size, 30 + size / 3, y, "Pagewise renders glyphs 0123 ÄÖÜ & ß?");
							y -= size * 1.2f;
						}
					}
					PDExtendedGraphicsState halfOpaque = new PDExtendedGraphicsState();
					halfOpaque.setNonStrokingAlphaConstant(0.5f);
					content.saveGraphicsState();
					content.setGraphicsStateParameters(halfOpaque);
					text(content, new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 18, 40, 180, "Half opaque text");
					content.restoreGraphicsState();
					content.beginText();
					content.setFont(new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN), 12);
					content.setTextMatrix(Matrix.getRotateInstance(Math.toRadians(30), 300, 100));
					content.showText("Rotated thirty degrees, then some more words");
					content.setRenderingMode(RenderingMode.FILL_STROKE);
					content.setTextMatrix(Matrix.getTranslateInstance(40, 60));
					content.showText("Filled and stroked");
					content.endText();
				}
			}
			document.save(out);
			return out.toByteArray();
		}
	}

	private static void text(PDPageContentStream content, PDType1Font font, float size, float x, float y, String text)
			throws IOException {
		content.beginText();
		content.setFont(font, size);
		content.newLineAtOffset(x, y);
		content.showText(text);
		content.endText();
	}

	private static Renderings renderBothWays(byte[] pdf, float scale) throws IOException {
		return renderBothWays(pdf, scale, Integer.MAX_VALUE);
	}

	private static Renderings renderBothWays(byte[] pdf, float scale, int maxPages) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			ImageBudget images = new ImageBudget(64L << 20);
			GlyphAtlas atlas = new GlyphAtlas(1 << 20);
			GuardedRenderer outlines = new GuardedRenderer(document, () -> false, images, null, null, false);
			GuardedRenderer cached = new GuardedRenderer(document, () -> false, images, atlas, null, false);
			List<BufferedImage> filled = new ArrayList<>();
			List<BufferedImage> blended = new ArrayList<>();
			for (int page = 0; page < Math.min(maxPages, document.getNumberOfPages()); page++) {
				filled.add(outlines.renderImage(page, scale, ImageType.BGR));
				blended.add(cached.renderImage(page, scale, ImageType.BGR));
			}
			return new Renderings(filled, blended, atlas.size());
		}
	}

	/**
	 * Peak signal-to-noise ratio of {@code actual} against {@code expected}, both seen through a 3×3 box blur (as at
	 * a glance: a letter an eighth of a pixel away is the same letter, one a pixel away is not), over the pixels
	 * either has ink on (not over the white page around, which would flatter any difference).
	 */
	static double psnr(BufferedImage expected, BufferedImage actual) {
		assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
		assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
		double squares = 0;
		long inked = 0;
		for (int y = 1; y < expected.getHeight() - 1; y++) {
			for (int x = 1; x < expected.getWidth() - 1; x++) {
				if ((expected.getRGB(x, y) & actual.getRGB(x, y) & 0xffffff) == 0xffffff) {
					continue;
				}
				inked++;
				for (int shift = 0; shift <= 16; shift += 8) {
					double difference = blurred(expected, x, y, shift) - blurred(actual, x, y, shift);
					squares += difference * difference;
				}
			}
		}
		double mse = squares / (3.0 * Math.max(1, inked));
		return (mse == 0) ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
	}

	/** The mean of a channel over the 3×3 pixels around (x, y). */
	private static double blurred(BufferedImage image, int x, int y, int shift) {
		int sum = 0;
		for (int dy = -1; dy <= 1; dy++) {
			for (int dx = -1; dx <= 1; dx++) {
				sum += (image.getRGB(x + dx, y + dy) >> shift) & 0xff;
			}
		}
		return sum / 9.0;
	}

	/** The image moved right by one pixel, white coming in from the left. */
	private static BufferedImage shiftedByOnePixel(BufferedImage image) {
		BufferedImage shifted = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
		for (int y = 0; y < image.getHeight(); y++) {
			shifted.setRGB(0, y, 0xffffff);
			for (int x = 1; x < image.getWidth(); x++) {
				shifted.setRGB(x, y, image.getRGB(x - 1, y));
			}
		}
		return shifted;
	}

	private record Renderings(List<BufferedImage> outlines, List<BufferedImage> cached, int cachedGlyphs) {
	}

}
