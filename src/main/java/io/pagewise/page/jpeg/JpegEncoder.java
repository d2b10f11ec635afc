package io.pagewise.page.jpeg;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;


/**
 * Encodes rendered pages as baseline JPEG: IJG quantization tables at the configured quality, 4:2:0 chroma
 * subsampling, accurate DCT. Pages arrive as {@link BufferedImage#TYPE_3BYTE_BGR}, the layout both encoders read
 * without converting pixels.
 */
public interface JpegEncoder {

	/** The class that binds libjpeg-turbo; compiled for Java 22 (see {@code src/main/java22}). */
	String TURBO_CLASS = "io.pagewise.page.jpeg.TurboJpegEncoder";

	byte[] encode(BufferedImage image) throws IOException;

	/** A short name for logs and benchmarks. */
	String name();

	/** The fastest encoder available: libjpeg-turbo when it loads, else ImageIO's. */
	static JpegEncoder create(float quality) {
		return turbo(quality).orElseGet(() -> imageIo(quality));
	}

	static JpegEncoder imageIo(float quality) {
		return new ImageIoJpegEncoder(quality);
	}

	/**
	 * libjpeg-turbo through the FFM API, if this runtime has the FFM API (Java 22+) and the system has the library
	 * ({@code libturbojpeg0} on Debian and Ubuntu).
	 */
	static Optional<JpegEncoder> turbo(float quality) {
		return Optional.ofNullable(Java22.call(TURBO_CLASS, "load", JpegEncoder.class, quality));
	}

}
