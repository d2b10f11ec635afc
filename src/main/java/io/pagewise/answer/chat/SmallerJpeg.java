package io.pagewise.answer.chat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import io.pagewise.page.PageImage;

/**
 * A page image re-encoded to fit a byte size, with the JDK's ImageIO codec: scaled down step by step at a lower
 * JPEG quality until it fits. Rare (only pages too large together for one chat request), so plain ImageIO rather
 * than the renderer's tuned encoder, which is internal to {@code page}.
 */
final class SmallerJpeg {

	private static final float QUALITY = 0.7f;

	private static final double STEP = 0.85;

	/** Below a quarter of its size a page is no longer worth reading. */
	private static final double MIN_SCALE = 0.25;

	private SmallerJpeg() {
	}

	/** The page as a JPEG of at most {@code maxBytes}, or empty when it cannot be made that small. */
	static Optional<PageImage> of(PageImage page, long maxBytes) {
		if (page.jpeg().length <= maxBytes) {
			return Optional.of(page);
		}
		BufferedImage image = decode(page.jpeg());
		// JPEG size grows roughly with the pixel count: start a step above the scale that would fit, then step down.
		double scale = Math.min(1.0, Math.sqrt((double) maxBytes / page.jpeg().length) / STEP);
		for (; scale >= MIN_SCALE; scale *= STEP) {
			int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
			int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
			byte[] jpeg = encode(scaled(image, width, height));
			if (jpeg.length <= maxBytes) {
				return Optional.of(new PageImage(page.number(), width, height, jpeg));
			}
		}
		return Optional.empty();
	}

	private static BufferedImage decode(byte[] jpeg) {
		try {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
			if (image == null) {
				throw new IllegalStateException("A stored page image is not a JPEG ImageIO can read");
			}
			return image;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static BufferedImage scaled(BufferedImage image, int width, int height) {
		boolean grey = image.getColorModel().getNumColorComponents() == 1;
		BufferedImage scaled = new BufferedImage(width, height,
				grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = scaled.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			graphics.drawImage(image, 0, 0, width, height, null);
		}
		finally {
			graphics.dispose();
		}
		return scaled;
	}

	private static byte[] encode(BufferedImage image) {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(QUALITY);
			writer.setOutput(out);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

}
