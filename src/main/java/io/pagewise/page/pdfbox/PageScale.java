package io.pagewise.page.pdfbox;

import java.awt.image.BufferedImage;

import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * The scale a page renders at, straight to its final size: {@code dpi / 72}, reduced until the image fits the
 * pixel budget. Image sizes are computed exactly as {@code PDFRenderer.renderImage} rounds them, so the budget
 * holds for the image PDFBox actually allocates.
 *
 * @param factor pixels per PDF point
 * @param width image width in pixels, after /Rotate
 * @param height image height in pixels, after /Rotate
 */
public record PageScale(float factor, int width, int height) {

	public static PageScale of(PDRectangle cropBox, int rotation, int dpi, long maxPixels) {
		float widthPt = cropBox.getWidth();
		float heightPt = cropBox.getHeight();
		float factor = dpi / 72f;
		double area = (double) widthPt * heightPt * factor * factor;
		if (area > maxPixels) {
			factor = (float) (factor * Math.sqrt(maxPixels / area));
		}
		// Float rounding (and the 1-pixel minimum) may still overshoot by a hair: step down until it fits.
		for (long pixels = pixels(widthPt, factor) * pixels(heightPt, factor); pixels > maxPixels;
				pixels = pixels(widthPt, factor) * pixels(heightPt, factor)) {
			factor = (float) (factor * Math.min(0.9999, Math.sqrt((double) maxPixels / pixels)));
		}
		int width = (int) pixels(widthPt, factor);
		int height = (int) pixels(heightPt, factor);
		boolean quarterTurn = rotation == 90 || rotation == 270;
		return quarterTurn ? new PageScale(factor, height, width) : new PageScale(factor, width, height);
	}

	/** Fails if PDFBox produced another size than planned: the pixel budget must hold for every image. */
	public BufferedImage verify(BufferedImage image) {
		if (image.getWidth() != this.width || image.getHeight() != this.height) {
			throw new IllegalStateException("Planned " + this.width + "x" + this.height + " but PDFBox rendered "
					+ image.getWidth() + "x" + image.getHeight());
		}
		return image;
	}

	/** Mirrors PDFRenderer.renderImage: floor of the float product, at least one pixel. */
	private static long pixels(float points, float factor) {
		return (long) Math.max(Math.floor(points * factor), 1);
	}

}
