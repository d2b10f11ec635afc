package io.pagewise.answer.chat;

import java.util.List;

import io.pagewise.page.PageImage;

/**
 * The page images a chat request carries, and whether they had to be made smaller (re-encoded, or the
 * lowest-ranked pages left out) to keep the request under the upstream's body limit.
 *
 * @param pages the pages sent, best first
 * @param reduced whether they differ from the pages asked for
 */
public record Attachment(List<PageImage> pages, boolean reduced) {

	public Attachment {
		pages = List.copyOf(pages);
	}

}
