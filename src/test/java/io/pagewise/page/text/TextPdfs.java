package io.pagewise.page.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** PDFs made with PDFBox whose pages carry given lines of (Latin) text; an empty string makes a page of pictures. */
public final class TextPdfs {

	private TextPdfs() {
	}

	/** One page per argument, each line of it written on the page; {@code ""} gives a page with only a rectangle. */
	public static Path write(Path file, String... pages) {
		try (PDDocument document = new PDDocument()) {
			for (String text : pages) {
				PDPage page = new PDPage(PDRectangle.LETTER);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.addRect(50, 50, 200, 100);
					content.fill();
					float y = 700;
					for (String line : text.isEmpty() ? new String[0] : text.split("\n")) {
						content.beginText();
						content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
						content.newLineAtOffset(72, y);
						content.showText(line);
						content.endText();
						y -= 16;
					}
				}
			}
			document.save(file.toFile());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
