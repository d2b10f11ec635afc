package io.pagewise.page.pdfbox;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;

import org.apache.pdfbox.pdmodel.graphics.image.PDImage;

/**
 * A read-only view of a stencil mask (/ImageMask) at a subsampling factor. PDFBox subsamples ordinary images but
 * paints stencil masks at full size into an ARGB image: a 9000×10000 scanned page (1-bit CCITT, 11 MB) becomes
 * 370 MB of heap. Through this view PDFBox gets the same mask at the resolution it is drawn at.
 */
final class SubsampledStencil extends ImageView {

	private final int subsampling;

	SubsampledStencil(PDImage stencil, int subsampling) {
		super(stencil);
		this.subsampling = subsampling;
	}

	@Override
	public BufferedImage getStencilImage(Paint paint) throws IOException {
		// 8-bit grey with the decode array applied: 0 where the mask paints, 255 where it lets through.
		Raster mask = this.image.getImage(null, this.subsampling).getRaster();
		int width = mask.getWidth();
		int height = mask.getHeight();
		BufferedImage painted = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		Graphics2D graphics = painted.createGraphics();
		graphics.setPaint(paint);
		graphics.fillRect(0, 0, width, height);
		graphics.dispose();
		WritableRaster alpha = painted.getAlphaRaster();
		int[] grey = new int[width];
		int[] opacity = new int[width];
		for (int y = 0; y < height; y++) {
			mask.getSamples(0, y, width, 1, 0, grey);
			alpha.getSamples(0, y, width, 1, 0, opacity);
			for (int x = 0; x < width; x++) {
				if (grey[x] >= 128) {
					opacity[x] = 0;
				}
			}
			alpha.setSamples(0, y, width, 1, 0, opacity);
		}
		return painted;
	}

	@Override
	public BufferedImage getImage() throws IOException {
		return this.image.getImage(null, this.subsampling);
	}

	@Override
	public boolean isStencil() {
		return true;
	}

}
