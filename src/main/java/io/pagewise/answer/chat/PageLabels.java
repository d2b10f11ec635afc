package io.pagewise.answer.chat;

import io.pagewise.page.PageImage;

/**
 * How each attached page is named to the chat model, in the text part before its image: by its page number for
 * one document, by its document's title and page for pages from several documents.
 */
@FunctionalInterface
public interface PageLabels {

	/** One document's pages: "Page 3:". */
	PageLabels PAGE_NUMBERS = (page) -> "Page " + page.number() + ":";

	/** The text that introduces the page's image. */
	String label(PageImage page);

}
