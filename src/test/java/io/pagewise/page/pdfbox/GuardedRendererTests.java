package io.pagewise.page.pdfbox;

import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.rendering.ImageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardedRendererTests {

	@Test
	void complexCurvedClipIsFlattenedWithinItsBounds() {
		GeneralPath clip = curves(300);
		var bounds = clip.getBounds2D();

		GuardedRenderer.flattenIfComplex(clip);

		assertThat(curveCount(clip)).isZero();
		assertThat(clip.getBounds2D().getWidth()).isCloseTo(bounds.getWidth(), org.assertj.core.data.Offset.offset(0.5));
		assertThat(clip.getWindingRule()).isEqualTo(GeneralPath.WIND_EVEN_ODD);
	}

	@Test
	void simpleClipIsLeftAlone() {
		GeneralPath clip = curves(20);

		GuardedRenderer.flattenIfComplex(clip);

		assertThat(curveCount(clip)).isEqualTo(20);
	}

	@Test
	void pagesDrawnOnTheReusedImageMatchRenderImageExactly() throws IOException {
		try (PDDocument document = Loader.loadPDF(threePages())) {
			GuardedRenderer renderer = new GuardedRenderer(document, () -> false, new ImageBudget(64L << 20), null,
					null, false);
			BufferedImage previous = null;
			for (int index = 0; index < 3; index++) {
				PDPage page = document.getPage(index);
				PageScale scale = PageScale.of(page.getCropBox(), page.getRotation(), 110, 1_300_000);
				BufferedImage expected = renderer.renderImage(index, scale.factor(), ImageType.BGR);

				BufferedImage reused = renderer.renderReusing(index, scale);

				assertThat(reused.getWidth()).isEqualTo(expected.getWidth());
				assertThat(reused.getHeight()).isEqualTo(expected.getHeight());
				for (int y = 0; y < expected.getHeight(); y++) {
					for (int x = 0; x < expected.getWidth(); x++) {
						if (reused.getRGB(x, y) != expected.getRGB(x, y)) {
							throw new AssertionError("page " + (index + 1) + " differs at " + x + "," + y);
						}
					}
				}
				if (index == 1) {
					assertThat(reused).as("the same size: the same image, drawn over").isSameAs(previous);
				}
				previous = reused;
			}
		}
	}

	/** A letter page full of ink, a letter page with one line, and a rotated A4 page. */
	private static byte[] threePages() throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
			for (int index = 0; index < 3; index++) {
				PDPage page = new PDPage((index < 2) ? PDRectangle.LETTER : PDRectangle.A4);
				page.setRotation((index < 2) ? 0 : 90);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					if (index == 0) {
						content.setNonStrokingColor(0.2f, 0.4f, 0.8f);
						content.addRect(30, 30, 550, 730);
						content.fill();
					}
					content.beginText();
					content.setFont(font, 14);
					content.newLineAtOffset(72, 700);
					content.showText("Page " + (index + 1) + " of three, drawn on whatever image is at hand.");
					content.endText();
				}
			}
			document.save(out);
			return out.toByteArray();
		}
	}

	private static GeneralPath curves(int count) {
		GeneralPath path = new GeneralPath(GeneralPath.WIND_EVEN_ODD);
		path.moveTo(0, 0);
		for (int i = 0; i < count; i++) {
			path.curveTo(i, 50, i + 0.5, -50, i + 1, 0);
		}
		path.closePath();
		return path;
	}

	private static int curveCount(GeneralPath path) {
		int curves = 0;
		for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
			int type = it.currentSegment(new double[6]);
			if (type == PathIterator.SEG_CUBICTO || type == PathIterator.SEG_QUADTO) {
				curves++;
			}
		}
		return curves;
	}

}
