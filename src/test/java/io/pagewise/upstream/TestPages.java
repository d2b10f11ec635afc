package io.pagewise.upstream;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import io.pagewise.page.PageImage;

/**
 * Generated page images of realistic size (a letter page at 110 dpi, JPEG quality 0.8: ~1.1 MP, ~210 KB). The
 * stub scores a page by its darkness, so a test makes a page "the answer" by drawing it dark.
 */
public final class TestPages {

	public static final int WIDTH = 935;

	public static final int HEIGHT = 1210;

	/** Darkness of an ordinary page (scores ≈ 2.3 at the stub). */
	public static final double LIGHT = 0.1;

	/** Darkness of the answer page (scores ≈ 4.1 at the stub). */
	public static final double DARK = 0.7;

	private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

	private TestPages() {
	}

	/** A page of typical size and the given darkness (0 white … 1 black); equal arguments, equal bytes. */
	public static PageImage page(int number, double darkness) {
		return new PageImage(number, WIDTH, HEIGHT, jpeg(WIDTH, HEIGHT, darkness, 30));
	}

	/** Pages 1..count, all light except {@code answerPage}, which is dark. */
	public static List<PageImage> document(int count, int answerPage) {
		return IntStream.rangeClosed(1, count)
			.mapToObj((n) -> page(n, (n == answerPage) ? DARK : LIGHT))
			.toList();
	}

	/**
	 * A JPEG of mid-grey noise around the given darkness; {@code noise} (0–127) sets how busy, hence how large,
	 * it is. Cached: generating one costs tens of milliseconds.
	 */
	public static byte[] jpeg(int width, int height, double darkness, int noise) {
		return CACHE.computeIfAbsent(width + "x" + height + "/" + darkness + "/" + noise,
				(key) -> encode(draw(width, height, darkness, noise)));
	}

	private static BufferedImage draw(int width, int height, double darkness, int noise) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(42);
		int base = (int) Math.round(255 * (1 - darkness));
		int block = 4;
		for (int y = 0; y < height; y += block) {
			for (int x = 0; x < width; x += block) {
				int grey = Math.clamp(base + random.nextInt(2 * noise + 1) - noise, 0, 255);
				int rgb = (grey << 16) | (grey << 8) | grey;
				for (int dy = y; dy < Math.min(height, y + block); dy++) {
					for (int dx = x; dx < Math.min(width, x + block); dx++) {
						image.setRGB(dx, dy, rgb);
					}
				}
			}
		}
		return image;
	}

	private static byte[] encode(BufferedImage image) {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		param.setCompressionQuality(0.8f);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
			writer.setOutput(stream);
			writer.write(null, new IIOImage(image, null, null), param);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
	}

}
