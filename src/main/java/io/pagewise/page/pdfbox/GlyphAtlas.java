package io.pagewise.page.pdfbox;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSObjectKey;
import org.jspecify.annotations.Nullable;

/**
 * The glyph coverage masks of one document: each glyph is rasterized once per size, orientation and quarter-pixel
 * position, then blended wherever it appears again, as MuPDF and browsers do. Filling the outline with Java2D's
 * antialiasing rasterizer again for each of the thousands of letters on a page was the largest single cost of
 * rendering text. A mask is that rasterizer's own output for the glyph, so a letter looks as before, moved by at
 * most an eighth of a pixel.
 * <p>
 * Shared by the render workers of a document, each of which has the document open on its own: fonts are told
 * apart by their object number in the file, the same for every worker (a font written inline, without one, is
 * told apart by its dictionary, which only the worker that read it has). Each worker rasterizes on a
 * {@link Canvas} of its own.
 */
public final class GlyphAtlas {

	/** Positions per pixel, horizontally and vertically. */
	static final int SUBPIXELS = 4;

	/** Larger glyphs (titles, drop caps) rarely repeat: they are filled as outlines, as before. */
	private static final int MAX_GLYPH_PIXELS = 64 * 64;

	/** The scratch image's width and height: the widest or tallest glyph kept. */
	private static final int CANVAS_SIZE = 128;

	/** Marks a glyph that is filled as an outline. */
	static final Mask OUTLINE = new Mask(new byte[0], 0, 0, 0, 0);

	private final Map<Object, Map<Key, Mask>> fonts = new ConcurrentHashMap<>();

	private final AtomicLong pixels = new AtomicLong();

	private final long maxPixels;

	/**
	 * @param maxPixels the masks kept, in pixels (a byte each); beyond, the atlas starts over
	 */
	public GlyphAtlas(long maxPixels) {
		this.maxPixels = maxPixels;
	}

	/**
	 * The mask of a glyph at the given device position, if it has been rasterized.
	 * @param font the font's dictionary
	 * @param device glyph space to device space; its translation is the glyph origin
	 * @param phase the origin's quarter-pixel position, {@code x * SUBPIXELS + y}
	 * @return the mask, {@link #OUTLINE} if the glyph is to be filled as an outline (too large, or empty), or null
	 * if the glyph is new
	 */
	@Nullable Mask find(COSDictionary font, int code, AffineTransform device, int phase) {
		Map<Key, Mask> glyphs = this.fonts.get(fontKey(font));
		return (glyphs != null) ? glyphs.get(new Key(code, device, phase)) : null;
	}

	/**
	 * Rasterizes a new glyph and keeps its mask.
	 * @param outline the glyph's outline, in user space ({@code user} to device space), as PDFBox would fill it
	 * @param page the page's graphics
	 * @param canvas the calling worker's canvas
	 * @return the mask, or {@link #OUTLINE}
	 * @see #find
	 */
	Mask add(COSDictionary font, int code, AffineTransform device, int phase, Shape outline, AffineTransform user,
			Graphics2D page, Canvas canvas) {
		Mask mask = canvas.rasterize(outline, user, device, phase, page);
		Map<Key, Mask> glyphs = this.fonts.computeIfAbsent(fontKey(font), (any) -> new ConcurrentHashMap<>());
		long size = mask.coverage().length;
		if (this.pixels.addAndGet(size) > this.maxPixels) {
			// Start over (the masks in use stay valid: they are never changed).
			this.fonts.values().forEach(Map::clear);
			this.pixels.set(size);
		}
		glyphs.put(new Key(code, device, phase), mask);
		return mask;
	}

	/** How many masks the atlas holds. */
	int size() {
		return this.fonts.values().stream().mapToInt(Map::size).sum();
	}

	private static Object fontKey(COSDictionary font) {
		COSObjectKey number = font.getKey();
		return (number != null) ? number : font;
	}

	/**
	 * A glyph's coverage (0–255 per pixel, row by row) and where its top left corner is, relative to the pixel of
	 * the glyph origin.
	 */
	record Mask(byte[] coverage, int width, int height, int left, int top) {
	}

	/** Where one worker rasterizes glyphs: a scratch image drawing like the pages (their rendering hints). */
	static final class Canvas {

		private final BufferedImage image = new BufferedImage(CANVAS_SIZE, CANVAS_SIZE, BufferedImage.TYPE_INT_ARGB);

		private @Nullable Graphics2D graphics;

		/**
		 * The glyph's coverage, its origin at the given fraction of a pixel.
		 * @param page the page's graphics, whose rendering hints the canvas takes on first use
		 */
		Mask rasterize(Shape outline, AffineTransform user, AffineTransform device, int phase, Graphics2D page) {
			Graphics2D canvas = this.graphics;
			if (canvas == null) {
				canvas = this.image.createGraphics();
				canvas.setRenderingHints(page.getRenderingHints());
				canvas.setColor(Color.BLACK);
				this.graphics = canvas;
			}
			double originX = device.getTranslateX();
			double originY = device.getTranslateY();
			Rectangle2D bounds = user.createTransformedShape(outline).getBounds2D();
			if (bounds.isEmpty()) {
				return OUTLINE;
			}
			int left = (int) Math.floor(bounds.getMinX() - originX) - 1;
			int top = (int) Math.floor(bounds.getMinY() - originY) - 1;
			int width = (int) Math.ceil(bounds.getMaxX() - originX) + 2 - left;
			int height = (int) Math.ceil(bounds.getMaxY() - originY) + 2 - top;
			if (width > CANVAS_SIZE || height > CANVAS_SIZE || width * height > MAX_GLYPH_PIXELS) {
				return OUTLINE;
			}
			int[] argb = ((DataBufferInt) this.image.getRaster().getDataBuffer()).getData();
			for (int row = 0; row < height; row++) {
				Arrays.fill(argb, row * CANVAS_SIZE, row * CANVAS_SIZE + width, 0);
			}
			// The origin lands on pixel (-left, -top) plus its quarter-pixel phase.
			canvas.setTransform(AffineTransform.getTranslateInstance(
					-left + (double) (phase / SUBPIXELS) / SUBPIXELS - originX,
					-top + (double) (phase % SUBPIXELS) / SUBPIXELS - originY));
			canvas.transform(user);
			canvas.fill(outline);
			return trimmed(argb, width, height, left, top);
		}

		/** The covered part of the canvas's top left {@code width × height} pixels, as a mask. */
		private static Mask trimmed(int[] argb, int width, int height, int left, int top) {
			int minX = width;
			int minY = height;
			int maxX = -1;
			int maxY = -1;
			for (int row = 0; row < height; row++) {
				for (int column = 0; column < width; column++) {
					if (argb[row * CANVAS_SIZE + column] != 0) {
						minX = Math.min(minX, column);
						maxX = Math.max(maxX, column);
						minY = Math.min(minY, row);
						maxY = Math.max(maxY, row);
					}
				}
			}
			if (maxX < 0) {
				return OUTLINE;
			}
			int trimmedWidth = maxX - minX + 1;
			int trimmedHeight = maxY - minY + 1;
			byte[] coverage = new byte[trimmedWidth * trimmedHeight];
			for (int row = 0, i = 0; row < trimmedHeight; row++) {
				for (int column = 0; column < trimmedWidth; column++, i++) {
					coverage[i] = (byte) (argb[(minY + row) * CANVAS_SIZE + minX + column] >>> 24);
				}
			}
			return new Mask(coverage, trimmedWidth, trimmedHeight, left + minX, top + minY);
		}

	}

	/**
	 * One mask per glyph of a font: its device transformation (without translation) and quarter-pixel phase. The
	 * outline follows from these (the width adjustment PDFBox applies depends on the code only). Not a record: its
	 * generated equals compares doubles through a method handle, measurably slower on this path.
	 */
	private static final class Key {

		private final int code;

		private final int phase;

		private final long scaleX;

		private final long shearY;

		private final long shearX;

		private final long scaleY;

		private final int hash;

		Key(int code, AffineTransform device, int phase) {
			this.code = code;
			this.phase = phase;
			this.scaleX = Double.doubleToLongBits(device.getScaleX());
			this.shearY = Double.doubleToLongBits(device.getShearY());
			this.shearX = Double.doubleToLongBits(device.getShearX());
			this.scaleY = Double.doubleToLongBits(device.getScaleY());
			this.hash = 31 * (31 * (31 * (31 * (31 * code + phase) + Long.hashCode(this.scaleX))
					+ Long.hashCode(this.shearY)) + Long.hashCode(this.shearX)) + Long.hashCode(this.scaleY);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && this.code == key.code && this.phase == key.phase
					&& this.scaleX == key.scaleX && this.shearY == key.shearY && this.shearX == key.shearX
					&& this.scaleY == key.scaleY;
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
