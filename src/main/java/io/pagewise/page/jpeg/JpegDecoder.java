package io.pagewise.page.jpeg;

import java.awt.image.BufferedImage;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the JPEG data of PDF images (DCTDecode) at a reduced size, scaling in the DCT itself: a photo drawn at a
 * quarter of its size is decoded at a quarter, which is faster and smoother than decoding it whole and dropping
 * pixels, as PDFBox's subsampling does.
 */
public interface JpegDecoder {

	/** The class that binds libjpeg-turbo's decompressor; compiled for Java 22 (see {@code src/main/java22}). */
	String TURBO_CLASS = "io.pagewise.page.jpeg.TurboJpegDecoder";

	/**
	 * @param jpeg the JPEG data
	 * @param components the components the PDF declares: 3 (RGB) or 1 (grey)
	 * @param denominator 1, 2, 4 or 8: the image is decoded at 1/denominator of its width and height (rounded up)
	 * @return the image ({@link BufferedImage#TYPE_3BYTE_BGR} or {@link BufferedImage#TYPE_BYTE_GRAY}), or null if
	 * this JPEG is not one this decoder reads exactly as PDFBox would (CMYK, a different number of components,
	 * damaged data)
	 */
	@Nullable BufferedImage decode(byte[] jpeg, int components, int denominator);

	/** libjpeg-turbo's decompressor, if this runtime has the FFM API (Java 22+) and the system has the library. */
	static Optional<JpegDecoder> turbo() {
		return Optional.ofNullable(Java22.call(TURBO_CLASS, "load", JpegDecoder.class));
	}

}
