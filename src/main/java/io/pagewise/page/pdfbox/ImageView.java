package io.pagewise.page.pdfbox;

import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
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
 * A read-only view of an image that PDFBox draws in its place: subclasses change how pixels are obtained, every
 * other question is answered by the image itself.
 */
abstract class ImageView implements PDImage {

	protected final PDImage image;

	ImageView(PDImage image) {
		this.image = image;
	}

	@Override
	public BufferedImage getImage() throws IOException {
		return this.image.getImage();
	}

	@Override
	public BufferedImage getImage(Rectangle region, int subsampling) throws IOException {
		return this.image.getImage(region, subsampling);
	}

	@Override
	public BufferedImage getStencilImage(Paint paint) throws IOException {
		return this.image.getStencilImage(paint);
	}

	@Override
	public WritableRaster getRawRaster() throws IOException {
		return this.image.getRawRaster();
	}

	@Override
	public BufferedImage getRawImage() throws IOException {
		return this.image.getRawImage();
	}

	@Override
	public InputStream createInputStream() throws IOException {
		return this.image.createInputStream();
	}

	@Override
	public InputStream createInputStream(List<String> stopFilters) throws IOException {
		return this.image.createInputStream(stopFilters);
	}

	@Override
	public InputStream createInputStream(DecodeOptions options) throws IOException {
		return this.image.createInputStream(options);
	}

	@Override
	public boolean isEmpty() {
		return this.image.isEmpty();
	}

	@Override
	public boolean isStencil() {
		return this.image.isStencil();
	}

	@Override
	public int getBitsPerComponent() {
		return this.image.getBitsPerComponent();
	}

	@Override
	public PDColorSpace getColorSpace() throws IOException {
		return this.image.getColorSpace();
	}

	@Override
	public int getHeight() {
		return this.image.getHeight();
	}

	@Override
	public int getWidth() {
		return this.image.getWidth();
	}

	@Override
	public COSArray getDecode() {
		return this.image.getDecode();
	}

	@Override
	public boolean getInterpolate() {
		return this.image.getInterpolate();
	}

	@Override
	public String getSuffix() {
		return this.image.getSuffix();
	}

	@Override
	public COSDictionary getCOSObject() {
		return this.image.getCOSObject();
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
		return new UnsupportedOperationException("A view of an image is read-only");
	}

}
