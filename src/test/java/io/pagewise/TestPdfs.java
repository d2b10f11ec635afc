package io.pagewise;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** PDFs generated for tests: letter pages with a caption, optionally one page drawn dark. */
public final class TestPdfs {

	private TestPdfs() {
	}

	/** A PDF of {@code pages} letter pages, each captioned with its number and {@code label}. */
	public static byte[] letter(int pages, String label) {
		return letter(pages, label, 0);
	}

	/**
	 * Like {@link #letter(int, String)}, with page {@code darkPage} (1-based; 0 for none) mostly filled black, so a
	 * content-scoring upstream stub ranks it first.
	 */
	public static byte[] letter(int pages, String label, int darkPage) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (int i = 1; i <= pages; i++) {
				PDPage page = new PDPage(PDRectangle.LETTER);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					if (i == darkPage) {
						content.addRect(36, 36, 540, 720);
						content.fill();
					}
					content.beginText();
					content.setFont(font, 18);
					content.newLineAtOffset(72, 700);
					content.showText("Page " + i + " " + label);
					content.endText();
				}
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
