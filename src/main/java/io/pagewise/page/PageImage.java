package io.pagewise.page;

import java.util.Arrays;
import java.util.Base64;

/**
 * One rendered page exactly as the models see it: a JPEG within the pixel budget.
 *
 * @param number 1-based page number within its document
 * @param width image width in pixels
 * @param height image height in pixels
 * @param jpeg the encoded JPEG bytes (not copied: treat as immutable)
 */
public record PageImage(int number, int width, int height, byte[] jpeg) {

	private static final String DATA_URI_PREFIX = "data:image/jpeg;base64,";

	/** The page as a {@code data:} URI, the form the upstream models accept. */
	public String dataUri() {
		return DATA_URI_PREFIX + Base64.getEncoder().encodeToString(this.jpeg);
	}

	/** Length of {@link #dataUri()} in bytes (ASCII), without building it. */
	public int dataUriLength() {
		return DATA_URI_PREFIX.length() + 4 * ((this.jpeg.length + 2) / 3);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PageImage that && this.number == that.number && this.width == that.width
				&& this.height == that.height && Arrays.equals(this.jpeg, that.jpeg);
	}

	@Override
	public int hashCode() {
		return 31 * Integer.hashCode(this.number) + Arrays.hashCode(this.jpeg);
	}

	@Override
	public String toString() {
		return "PageImage[number=" + this.number + ", " + this.width + "x" + this.height + ", " + this.jpeg.length
				+ " bytes]";
	}

}
