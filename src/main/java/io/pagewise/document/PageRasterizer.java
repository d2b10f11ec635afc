package io.pagewise.document;

import java.nio.file.Path;

import io.pagewise.PagewiseException;

/**
 * Turns a stored PDF into page images. Declared here and implemented by the page feature, so that
 * {@code document} stays at the bottom of the dependency order while still rendering on ingest.
 */
public interface PageRasterizer {

	/**
	 * Renders every page of {@code pdf}, handing each page to {@code sink} as soon as it is encoded
	 * (possibly from several threads, in any order).
	 * @return the number of pages rendered
	 * @throws PagewiseException when the PDF cannot be rendered for a reason the client can act on
	 */
	int rasterize(Path pdf, PageSink sink);

	/** Receives rendered pages. Must be thread-safe. */
	@FunctionalInterface
	interface PageSink {

		void accept(int page, int width, int height, byte[] jpeg);

		/** Told the number of pages once the PDF is open, before any page is rendered (for progress reports). */
		default void pageCount(int pages) {
		}

	}

}
