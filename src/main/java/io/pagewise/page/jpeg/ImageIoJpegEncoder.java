package io.pagewise.page.jpeg;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The JDK's own JPEG encoder (the JDK's bundled IJG libjpeg), one reusable writer per thread: the fallback. */
final class ImageIoJpegEncoder implements JpegEncoder {

	private static final int INITIAL_BUFFER = 128 * 1024;

	private final ThreadLocal<Writer> writers;

	ImageIoJpegEncoder(float quality) {
		this.writers = ThreadLocal.withInitial(() -> Writer.create(quality));
	}

	@Override
	public byte[] encode(BufferedImage image) throws IOException {
		Writer writer = this.writers.get();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(INITIAL_BUFFER);
		// In memory, never ImageIO's default file cache: pages are small and temp files are slow.
		try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			writer.imageWriter().setOutput(out);
			writer.imageWriter().write(null, new IIOImage(image, null, null), writer.param());
		}
		finally {
			writer.imageWriter().reset();
		}
		return bytes.toByteArray();
	}

	@Override
	public String name() {
		return "imageio";
	}

	private record Writer(ImageWriter imageWriter, ImageWriteParam param) {

		static Writer create(float quality) {
			Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
			if (!writers.hasNext()) {
				throw new IllegalStateException("This JVM has no JPEG ImageWriter");
			}
			ImageWriter writer = writers.next();
			JPEGImageWriteParam param = (JPEGImageWriteParam) writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(quality);
			// Smaller pages at a few percent CPU: more pages fit in one size-limited rerank request.
			param.setOptimizeHuffmanTables(true);
			return new Writer(writer, param);
		}

	}

}
