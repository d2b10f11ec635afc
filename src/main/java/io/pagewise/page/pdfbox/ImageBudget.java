package io.pagewise.page.pdfbox;

import java.io.IOException;

import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Refuses embedded images whose decoded samples exceed a byte budget, before PDFBox decodes them: PDFBox decodes
 * Flate, LZW, CCITT and JBIG2 streams whole into the heap and only then subsamples, so a few kilobytes can claim
 * gigabytes. DCT and JPX images decode at the subsampled size; stencil masks are painted at it.
 */
public record ImageBudget(long maxBytes) {

	/** Checks {@code image}, drawn at {@code subsampling}, before anything of it is decoded. */
	void check(PDImage image, int subsampling) throws IOException {
		long bytes = decodedBytes(image);
		if (image.isStencil()) {
			// Painted into an ARGB image of the subsampled size (see SubsampledStencil).
			bytes += 4L * (image.getWidth() / subsampling) * (image.getHeight() / subsampling);
		}
		if (image instanceof PDImageXObject xobject && xobject.getSoftMask() != null) {
			bytes += decodedBytes(xobject.getSoftMask());
		}
		if (bytes > this.maxBytes) {
			throw new Exceeded(bytes, this.maxBytes);
		}
	}

	private static long decodedBytes(PDImage image) throws IOException {
		String suffix = image.getSuffix();
		if ("jpg".equals(suffix) || "jpx".equals(suffix)) {
			return 0;
		}
		int components = image.isStencil() ? 1 : image.getColorSpace().getNumberOfComponents();
		long bitsPerRow = (long) Math.max(image.getWidth(), 0) * Math.max(image.getBitsPerComponent(), 1) * components;
		return (bitsPerRow + 7) / 8 * Math.max(image.getHeight(), 0);
	}

	/**
	 * An image would decode to more than the budget: the document is refused. Unchecked, so PDFBox's lenient handling
	 * of IOExceptions (which logs and skips a failed image) lets it through.
	 *
	 * @param bytes what the image would decode to
	 * @param maxBytes the budget
	 */
	public static final class Exceeded extends RuntimeException {

		private final long bytes;

		private final long maxBytes;

		Exceeded(long bytes, long maxBytes) {
			super("An image decodes to " + bytes + " bytes; the budget is " + maxBytes, null, false, false);
			this.bytes = bytes;
			this.maxBytes = maxBytes;
		}

		public long bytes() {
			return this.bytes;
		}

		public long maxBytes() {
			return this.maxBytes;
		}

	}

}
