package io.pagewise.page.pdfbox;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.pagewise.page.jpeg.JpegDecoder;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.graphics.color.PDColorSpace;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.color.PDICCBased;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.jspecify.annotations.Nullable;

/**
 * A view of a plain JPEG image (DCTDecode only, 8 bits, RGB or grey, no masks, no decode array) whose pixels come
 * from a {@link JpegDecoder} at the scale PDFBox draws it: decoded at 1/2, 1/4 or 1/8 in the DCT, never coarser
 * than PDFBox's own subsampling would be. Whatever the decoder declines, PDFBox decodes as usual.
 */
final class ScaledJpeg extends ImageView {

	private final PDImageXObject jpeg;

	private final JpegDecoder decoder;

	private final int components;

	/** PDFBox asks twice per drawing (once to choose the interpolation): decoded once. */
	private @Nullable BufferedImage decoded;

	private int decodedSubsampling;

	private ScaledJpeg(PDImageXObject jpeg, JpegDecoder decoder, int components) {
		super(jpeg);
		this.jpeg = jpeg;
		this.decoder = decoder;
		this.components = components;
	}

	/**
	 * The view of {@code image} if it is a plain JPEG in a colour space the decoder's pixels are exact for, else
	 * null.
	 * @param iccAsAlternate whether ICC-based colour spaces are read as their alternate (see RenderProperties)
	 */
	static @Nullable ScaledJpeg of(PDImageXObject image, JpegDecoder decoder, boolean iccAsAlternate) {
		int components = plainJpegComponents(image, iccAsAlternate);
		return (components > 0) ? new ScaledJpeg(image, decoder, components) : null;
	}

	private static int plainJpegComponents(PDImageXObject image, boolean iccAsAlternate) {
		List<COSName> filters = image.getStream().getFilters();
		if (filters.size() != 1 || !COSName.DCT_DECODE.equals(filters.get(0)) || image.isStencil()
				|| image.getBitsPerComponent() != 8 || image.getDecode() != null
				|| image.getCOSObject().containsKey(COSName.DECODE_PARMS)
				|| image.getCOSObject().containsKey(COSName.DP) || image.getCOSObject().containsKey(COSName.SMASK)
				|| image.getCOSObject().containsKey(COSName.MASK) || image.getOptionalContent() != null) {
			return 0;
		}
		try {
			return components(image.getColorSpace(), iccAsAlternate);
		}
		catch (IOException ex) {
			return 0; // PDFBox will meet the same problem and deal with it as it does
		}
	}

	private static int components(PDColorSpace space, boolean iccAsAlternate) throws IOException {
		if (space instanceof PDDeviceRGB) {
			return 3;
		}
		if (space instanceof PDDeviceGray) {
			return 1;
		}
		if (iccAsAlternate && space instanceof PDICCBased icc) {
			return components(icc.getAlternateColorSpace(), false);
		}
		return 0;
	}

	@Override
	public BufferedImage getImage() throws IOException {
		return getImage(null, 1);
	}

	@Override
	public BufferedImage getImage(Rectangle region, int subsampling) throws IOException {
		if (region != null) {
			return this.jpeg.getImage(region, subsampling);
		}
		if (this.decoded == null || this.decodedSubsampling != subsampling) {
			byte[] data;
			try (InputStream raw = this.jpeg.getCOSObject().createRawInputStream()) {
				data = raw.readAllBytes();
			}
			BufferedImage image = this.decoder.decode(data, this.components, denominator(subsampling));
			this.decoded = (image != null) ? image : this.jpeg.getImage(null, subsampling);
			this.decodedSubsampling = subsampling;
		}
		return this.decoded;
	}

	/** The largest DCT scaling denominator (8, 4, 2 or 1) no larger than PDFBox's subsampling. */
	static int denominator(int subsampling) {
		return Math.max(1, Math.min(8, Integer.highestOneBit(Math.max(1, subsampling))));
	}

}
