package io.pagewise.page;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Encodes rendered pages as baseline JPEG: IJG quantization tables at the configured quality, 4:2:0 chroma
 * subsampling, accurate DCT. Pages arrive as {@link BufferedImage#TYPE_3BYTE_BGR}, the layout both encoders read
 * without converting pixels.
 */
interface JpegEncoder {

	/** The class that binds libjpeg-turbo; compiled for Java 22 (see {@code src/main/java22}). */
	String TURBO_CLASS = "io.pagewise.page.TurboJpegEncoder";

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
	 * ({@code libturbojpeg0} on Debian and Ubuntu). Reflective, because this code is compiled for Java 21.
	 */
	static Optional<JpegEncoder> turbo(float quality) {
		try {
			Class<?> turbo = Class.forName(TURBO_CLASS);
			MethodHandle load = MethodHandles.lookup()
				.findStatic(turbo, "load", MethodType.methodType(JpegEncoder.class, float.class));
			return Optional.ofNullable(invoke(load, quality));
		}
		catch (ClassNotFoundException | UnsupportedClassVersionError ex) {
			// Built or running on Java 21: the class was not compiled, or cannot be loaded.
			return Optional.empty();
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			throw new IllegalStateException(TURBO_CLASS + " does not match JpegEncoder", ex);
		}
	}

	private static @Nullable JpegEncoder invoke(MethodHandle load, float quality) {
		try {
			return (JpegEncoder) load.invoke(quality);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

}
