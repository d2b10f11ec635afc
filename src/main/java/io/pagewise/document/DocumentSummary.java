package io.pagewise.document;

import java.util.List;

/**
 * What a frontend gets back for a document: its identity, size and the page images the models see.
 *
 * @param id the SHA-256 of the PDF
 * @param pageCount number of pages
 * @param bytes size of the PDF in bytes
 * @param pages every page, in order
 */
public record DocumentSummary(String id, int pageCount, long bytes, List<Page> pages) {

	public DocumentSummary {
		pages = List.copyOf(pages);
	}

	static DocumentSummary of(DocumentId id, long bytes, List<PageInfo> pages) {
		return new DocumentSummary(id.value(), pages.size(), bytes,
				pages.stream().map((info) -> Page.of(id, info)).toList());
	}

	/** One page's image: dimensions, size and where to fetch it. */
	public record Page(int page, int width, int height, long imageBytes, String imageUrl) {

		static Page of(DocumentId id, PageInfo info) {
			return new Page(info.page(), info.width(), info.height(), info.imageBytes(), DocumentSummary.imageUrl(id, info.page()));
		}

	}

	/** The URL path a page image is served from. */
	public static String imageUrl(DocumentId id, int page) {
		return "/api/v1/documents/" + id.value() + "/pages/" + page;
	}

}
