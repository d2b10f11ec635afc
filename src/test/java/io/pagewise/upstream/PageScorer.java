package io.pagewise.upstream;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;

/**
 * Scores documents the way the stub's "model" sees them: an image by its content (the darker the page, the
 * more relevant: 2.0 for white to 5.0 for black), a text by nothing much (1.5–2.0, all alike) — which is what
 * the real service does to a base64 image sent as a bare string.
 */
final class PageScorer {

	private static final String JPEG_PREFIX = "data:image/jpeg;base64,";

	private static final String PNG_PREFIX = "data:image/png;base64,";

	private PageScorer() {
	}

	/**
	 * Scores of images already seen, keyed by their data URI: tests and benchmarks send the same few images over
	 * and over, and decoding a page costs tens of milliseconds of the machine's CPU that the real service would
	 * not take from us. Bounded, so a long benchmark cannot fill the heap.
	 */
	private static final Map<String, double[]> SEEN = new ConcurrentHashMap<>();

	private static final int SEEN_LIMIT = 64;

	/** Score and tokens of an image data URI, or {@code null} when it is not a readable JPEG/PNG data URI. */
	static double @Nullable [] scoreImage(String dataUri) {
		double[] seen = SEEN.get(dataUri);
		if (seen != null) {
			return seen;
		}
		BufferedImage image = decode(dataUri);
		if (image == null) {
			return null;
		}
		double[] scored = { imageScore(image), imageTokens(image) };
		if (SEEN.size() >= SEEN_LIMIT) {
			SEEN.clear();
		}
		SEEN.put(dataUri, scored);
		return scored;
	}

	/**
	 * Score and tokens of an image data URI from its header and compressed size alone, or {@code null} when it is
	 * not a JPEG/PNG data URI with a readable size. Busier pages compress worse and score higher (2.0–5.0). Costs
	 * microseconds instead of a decode: for benchmarks, where the stub must not take the machine's CPU from the
	 * code under test (the real service scores on its own hardware).
	 */
	static double @Nullable [] scoreImageBySize(String dataUri) {
		byte[] bytes = bytes(dataUri);
		int[] size = (bytes != null) ? ImageHeader.size(bytes) : null;
		if (bytes == null || size == null) {
			return null;
		}
		double bytesPerPixel = bytes.length / ((double) size[0] * size[1]);
		double score = round(2.0 + 3.0 * (1 - Math.exp(-bytesPerPixel / 0.1)));
		return new double[] { score, Math.max(1, (size[0] / 28) * (size[1] / 28)) };
	}

	private static @Nullable BufferedImage decode(String dataUri) {
		byte[] bytes = bytes(dataUri);
		if (bytes == null) {
			return null;
		}
		try {
			return ImageIO.read(new ByteArrayInputStream(bytes));
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static byte @Nullable [] bytes(String dataUri) {
		String base64;
		if (dataUri.startsWith(JPEG_PREFIX)) {
			base64 = dataUri.substring(JPEG_PREFIX.length());
		}
		else if (dataUri.startsWith(PNG_PREFIX)) {
			base64 = dataUri.substring(PNG_PREFIX.length());
		}
		else {
			return null;
		}
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static double imageScore(BufferedImage image) {
		return round(2.0 + 3.0 * darkness(image));
	}

	static double textScore(String text) {
		return round(1.5 + 0.5 * Math.floorMod(text.hashCode(), 1000) / 1000.0);
	}

	/** Vision tokens as Qwen-VL counts them: one per 28×28 patch. */
	private static int imageTokens(BufferedImage image) {
		return Math.max(1, (image.getWidth() / 28) * (image.getHeight() / 28));
	}

	static int textTokens(String text) {
		return Math.max(1, text.length() / 4);
	}

	private static double darkness(BufferedImage image) {
		long sum = 0;
		long count = 0;
		for (int y = 0; y < image.getHeight(); y += 4) {
			for (int x = 0; x < image.getWidth(); x += 4) {
				int rgb = image.getRGB(x, y);
				sum += (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
				count++;
			}
		}
		return 1.0 - (sum / (double) count) / 255.0;
	}

	private static double round(double score) {
		return Math.round(score * 10_000) / 10_000.0;
	}

}
