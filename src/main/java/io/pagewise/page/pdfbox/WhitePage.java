package io.pagewise.page.pdfbox;

import java.awt.Graphics2D;

/**
 * The graphics of a page image already painted white: PDFRenderer's clearing of the page (with the graphics'
 * background colour, pixel by pixel) is skipped, everything else passes through.
 */
final class WhitePage extends DelegatingGraphics2D {

	WhitePage(Graphics2D page) {
		super(page);
	}

	/** The page's own graphics. */
	Graphics2D page() {
		return this.delegate;
	}

	@Override
	public void clearRect(int x, int y, int width, int height) {
		// Already white.
	}

}
