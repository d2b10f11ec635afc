package io.pagewise.page.text;

import java.util.List;

import io.pagewise.document.DocumentId;

/**
 * A document's text layer, one entry per page in page order.
 *
 * @param id the document
 * @param pages every page, page 1 first
 * @param complete false when extraction stopped at its time limit: the pages after that point are empty (and
 * textless), never extracted again
 */
public record DocumentText(DocumentId id, List<PageText> pages, boolean complete) {

	public DocumentText {
		pages = List.copyOf(pages);
	}

	public int pageCount() {
		return this.pages.size();
	}

}
