package io.pagewise.upstream;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/** Width and height of a JPEG or PNG, read from its header without decoding it. */
final class ImageHeader {

	private static final long PNG_SIGNATURE = 0x89504E470D0A1A0AL;

	private ImageHeader() {
	}

	/** {@code {width, height}}, or {@code null} when the bytes are neither a JPEG nor a PNG with a valid size. */
	static int @Nullable [] size(byte[] image) {
		ByteBuffer bytes = ByteBuffer.wrap(image);
		int[] size = (image.length >= 24 && bytes.getLong(0) == PNG_SIGNATURE) ? pngSize(bytes) : jpegSize(bytes);
		return (size != null && size[0] > 0 && size[1] > 0) ? size : null;
	}

	private static int[] pngSize(ByteBuffer bytes) {
		// The IHDR chunk always comes first: length, "IHDR", width, height.
		return new int[] { bytes.getInt(16), bytes.getInt(20) };
	}

	/** Walks the marker segments up to the frame header (SOFn), which holds the size. */
	private static int @Nullable [] jpegSize(ByteBuffer bytes) {
		if (bytes.limit() < 4 || (bytes.getShort(0) & 0xFFFF) != 0xFFD8) {
			return null;
		}
		int at = 2;
		while (at + 9 < bytes.limit()) {
			if ((bytes.get(at) & 0xFF) != 0xFF) {
				return null;
			}
			int marker = bytes.get(at + 1) & 0xFF;
			int length = bytes.getShort(at + 2) & 0xFFFF;
			if (isFrameHeader(marker)) {
				return new int[] { bytes.getShort(at + 7) & 0xFFFF, bytes.getShort(at + 5) & 0xFFFF };
			}
			at += 2 + length;
		}
		return null;
	}

	/** SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
	private static boolean isFrameHeader(int marker) {
		return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
	}

}
