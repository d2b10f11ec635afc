package io.pagewise.page.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts a PDF's text page by page with PDFBox's {@link PDFTextStripper}: one document per call (PDFBox is not
 * thread-safe), new streams buffered in temporary files rather than the heap, each page's glyphs capped so a
 * hostile page cannot fill the heap.
 */
final class TextExtractor {

	private static final Logger logger = LoggerFactory.getLogger(TextExtractor.class);

	private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

	private static final Pattern SPACES = Pattern.compile("[\\h\\x0B\\f]+");

	private final int maxChars;

	TextExtractor(int maxChars) {
		this.maxChars = maxChars;
	}

	/**
	 * Every page's text, page 1 first; once {@code stop} says so, the remaining pages are left empty.
	 * @throws IOException when the PDF cannot be opened
	 */
	Extracted extract(Path pdf, BooleanSupplier stop) throws IOException {
		try (PDDocument document = Loader.loadPDF(new RandomAccessReadBufferedFile(pdf), "", null, null,
				IOUtils.createTempFileOnlyStreamCache())) {
			BoundedStripper stripper = new BoundedStripper(2 * this.maxChars);
			int count = document.getNumberOfPages();
			List<String> pages = new ArrayList<>(count);
			boolean complete = true;
			for (int page = 1; page <= count; page++) {
				complete = complete && !stop.getAsBoolean();
				pages.add(complete ? pageText(stripper, document, page) : "");
			}
			return new Extracted(pages, complete);
		}
	}

	private String pageText(BoundedStripper stripper, PDDocument document, int page) {
		try {
			stripper.setStartPage(page);
			stripper.setEndPage(page);
			return normalized(stripper.getText(document));
		}
		catch (IOException | RuntimeException ex) {
			// A broken font or content stream on one page: the page counts as textless, the others go on.
			logger.debug("No text from page {}: {}", page, ex.toString());
			return "";
		}
	}

	/** Whitespace collapsed (one line break between lines, one space elsewhere), cut at the character limit. */
	String normalized(String text) {
		String collapsed = SPACES.matcher(LINE_BREAKS.matcher(text.strip()).replaceAll("\n")).replaceAll(" ");
		if (collapsed.length() <= this.maxChars) {
			return collapsed;
		}
		int end = this.maxChars;
		if (Character.isHighSurrogate(collapsed.charAt(end - 1))) {
			end--;
		}
		return collapsed.substring(0, end);
	}

	/** A document's pages' texts; {@code complete} is false when extraction stopped early. */
	record Extracted(List<String> pages, boolean complete) {

		Extracted {
			pages = List.copyOf(pages);
		}

	}

	/** Keeps at most so many glyphs of a page: the stripper holds every glyph's position until the page ends. */
	private static final class BoundedStripper extends PDFTextStripper {

		private final int maxGlyphs;

		private int glyphs;

		BoundedStripper(int maxGlyphs) {
			this.maxGlyphs = maxGlyphs;
		}

		@Override
		protected void startPage(PDPage page) throws IOException {
			this.glyphs = 0;
			super.startPage(page);
		}

		@Override
		protected void processTextPosition(TextPosition text) {
			if (this.glyphs++ < this.maxGlyphs) {
				super.processTextPosition(text);
			}
		}

	}

}
