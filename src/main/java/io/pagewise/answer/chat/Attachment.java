package io.pagewise.answer.chat;

import java.util.List;

import io.pagewise.page.PageImage;

/**
 * The page images a chat request carries, and whether they had to be made smaller (re-encoded, or the
 * lowest-ranked pages left out) to keep the request under the upstream's body limit.
 *
 * @param pages the pages sent, best first
 * @param reduced whether they differ from the pages asked for
 * @param labels how each page is named to the model
 */
public record Attachment(List<PageImage> pages, boolean reduced, PageLabels labels) {

	public Attachment {
		pages = List.copyOf(pages);
	}

	/** Pages of one document, named by their page numbers. */
	public Attachment(List<PageImage> pages, boolean reduced) {
		this(pages, reduced, PageLabels.PAGE_NUMBERS);
	}

	Attachment labelled(PageLabels names) {
		return new Attachment(this.pages, this.reduced, names);
	}

}
