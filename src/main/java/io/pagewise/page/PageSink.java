package io.pagewise.page;

/** Receives the pages of a document as they are rendered (in any order), and the page count before them. */
@FunctionalInterface
interface PageSink {

	/** A sink that wants nothing. */
	PageSink NONE = (page, width, height, jpeg) -> {
	};

	void accept(int page, int width, int height, byte[] jpeg);

	/** Told the number of pages once the PDF is open, before any page is rendered (for progress reports). */
	default void pageCount(int pages) {
	}

}
