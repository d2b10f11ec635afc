package io.pagewise.page;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.filter.DecodeOptions;
import org.apache.pdfbox.pdmodel.graphics.color.PDColorSpace;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;

/**
 * A read-only view of a stencil mask (/ImageMask) at a subsampling factor. PDFBox subsamples ordinary images but
 * paints stencil masks at full size into an ARGB image: a 9000×10000 scanned page (1-bit CCITT, 11 MB) becomes
 * 370 MB of heap. Through this view PDFBox gets the same mask at the resolution it is drawn at.
 */
final class SubsampledStencil implements PDImage {

	private final PDImage stencil;

	private final int subsampling;

	SubsampledStencil(PDImage stencil, int subsampling) {
		this.stencil = stencil;
		this.subsampling = subsampling;
	}

	@Override
	public BufferedImage getStencilImage(Paint paint) throws IOException {
		// 8-bit grey with the decode array applied: 0 where the mask paints, 255 where it lets through.
		Raster mask = this.stencil.getImage(null, this.subsampling).getRaster();
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
		return this.stencil.getImage(null, this.subsampling);
	}

	@Override
	public BufferedImage getImage(Rectangle region, int subsampling) throws IOException {
		return this.stencil.getImage(region, subsampling);
	}

	@Override
	public WritableRaster getRawRaster() throws IOException {
		return this.stencil.getRawRaster();
	}

	@Override
	public BufferedImage getRawImage() throws IOException {
		return this.stencil.getRawImage();
	}

	@Override
	public InputStream createInputStream() throws IOException {
		return this.stencil.createInputStream();
	}

	@Override
	public InputStream createInputStream(List<String> stopFilters) throws IOException {
		return this.stencil.createInputStream(stopFilters);
	}

	@Override
	public InputStream createInputStream(DecodeOptions options) throws IOException {
		return this.stencil.createInputStream(options);
	}

	@Override
	public boolean isEmpty() {
		return this.stencil.isEmpty();
	}

	@Override
	public boolean isStencil() {
		return true;
	}

	@Override
	public int getBitsPerComponent() {
		return this.stencil.getBitsPerComponent();
	}

	@Override
	public PDColorSpace getColorSpace() throws IOException {
		return this.stencil.getColorSpace();
	}

	@Override
	public int getHeight() {
		return this.stencil.getHeight();
	}

	@Override
	public int getWidth() {
		return this.stencil.getWidth();
	}

	@Override
	public COSArray getDecode() {
		return this.stencil.getDecode();
	}

	@Override
	public boolean getInterpolate() {
		return this.stencil.getInterpolate();
	}

	@Override
	public String getSuffix() {
		return this.stencil.getSuffix();
	}

	@Override
	public COSDictionary getCOSObject() {
		return this.stencil.getCOSObject();
	}

	@Override
	public void setStencil(boolean isStencil) {
		throw readOnly();
	}

	@Override
	public void setBitsPerComponent(int bitsPerComponent) {
		throw readOnly();
	}

	@Override
	public void setColorSpace(PDColorSpace colorSpace) {
		throw readOnly();
	}

	@Override
	public void setHeight(int height) {
		throw readOnly();
	}

	@Override
	public void setWidth(int width) {
		throw readOnly();
	}

	@Override
	public void setDecode(COSArray decode) {
		throw readOnly();
	}

	@Override
	public void setInterpolate(boolean value) {
		throw readOnly();
	}

	private static UnsupportedOperationException readOnly() {
		return new UnsupportedOperationException("A subsampled view of a stencil mask is read-only");
	}

}
