package io.pagewise.page;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.pdfbox.cos.COSDictionary;
import org.jspecify.annotations.Nullable;

/**
 * The glyph coverage masks of one document: each glyph is rasterized once per size, orientation and quarter-pixel
 * position, then blended wherever it appears again, as MuPDF and browsers do. Filling the outline with Java2D's
 * antialiasing rasterizer again for each of the thousands of letters on a page was the largest single cost of
 * rendering text. A mask is that rasterizer's own output for the glyph, so a letter looks as before, moved by at
 * most an eighth of a pixel. Not thread-safe: one per renderer, which belongs to one render worker.
 */
final class GlyphAtlas {

	/** Positions per pixel, horizontally and vertically. */
	static final int SUBPIXELS = 4;

	/** Larger glyphs (titles, drop caps) rarely repeat: they are filled as outlines, as before. */
	private static final int MAX_GLYPH_PIXELS = 64 * 64;

	/** The scratch image's width and height: the widest or tallest glyph kept. */
	private static final int CANVAS_SIZE = 128;

	/** Marks a glyph that is filled as an outline. */
	private static final Mask OUTLINE = new Mask(new byte[0], 0, 0, 0, 0);

	private final Map<COSDictionary, Map<Key, Mask>> fonts = new IdentityHashMap<>();

	private final long maxPixels;

	private long pixels;

	private final BufferedImage canvas = new BufferedImage(CANVAS_SIZE, CANVAS_SIZE, BufferedImage.TYPE_INT_ARGB);

	private @Nullable Graphics2D canvasGraphics;

	/**
	 * @param maxPixels the masks kept, in pixels (a byte each); beyond, the atlas starts over
	 */
	GlyphAtlas(long maxPixels) {
		this.maxPixels = maxPixels;
	}

	/**
	 * The mask of a glyph at the given device position, rasterized from {@code outline} the first time.
	 * @param font the font's dictionary: the same for every use of the font in the document
	 * @param device glyph space to device space; its translation is the glyph origin
	 * @param phase the origin's quarter-pixel position, {@code x * SUBPIXELS + y}
	 * @param outline the glyph's outline, in the user space of {@code graphics}, as PDFBox would fill it
	 * @return the mask, or {@code null} if the glyph is to be filled as an outline (too large, or empty)
	 */
	@Nullable Mask mask(COSDictionary font, int code, AffineTransform device, int phase, Shape outline,
			Graphics2D graphics, AffineTransform user) {
		Key key = new Key(code, device.getScaleX(), device.getShearY(), device.getShearX(), device.getScaleY(), phase);
		Map<Key, Mask> glyphs = this.fonts.computeIfAbsent(font, (any) -> new HashMap<>());
		Mask mask = glyphs.get(key);
		if (mask == null) {
			mask = rasterize(outline, graphics, user, device, phase);
			remember(font, glyphs, key, mask);
		}
		return (mask != OUTLINE) ? mask : null;
	}

	/** How many masks the atlas holds. */
	int size() {
		return this.fonts.values().stream().mapToInt(Map::size).sum();
	}

	/** The glyph's coverage, its origin at the given fraction of a pixel. */
	private Mask rasterize(Shape outline, Graphics2D graphics, AffineTransform user, AffineTransform device, int phase) {
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
		Graphics2D canvas = canvas(graphics);
		int[] argb = ((DataBufferInt) this.canvas.getRaster().getDataBuffer()).getData();
		for (int row = 0; row < height; row++) {
			Arrays.fill(argb, row * CANVAS_SIZE, row * CANVAS_SIZE + width, 0);
		}
		// The origin lands on pixel (-left, -top) plus its quarter-pixel phase.
		canvas.setTransform(AffineTransform.getTranslateInstance(
				-left + (double) (phase / SUBPIXELS) / SUBPIXELS - originX,
				-top + (double) (phase % SUBPIXELS) / SUBPIXELS - originY));
		canvas.transform(user);
		canvas.fill(outline);
		byte[] coverage = new byte[width * height];
		for (int row = 0, i = 0; row < height; row++) {
			for (int column = 0, pixel = row * CANVAS_SIZE; column < width; column++, pixel++, i++) {
				coverage[i] = (byte) (argb[pixel] >>> 24);
			}
		}
		return new Mask(coverage, width, height, left, top);
	}

	/** The scratch image glyphs are rasterized on, drawing like {@code graphics} (the page's rendering hints). */
	private Graphics2D canvas(Graphics2D graphics) {
		if (this.canvasGraphics == null) {
			this.canvasGraphics = this.canvas.createGraphics();
			this.canvasGraphics.setRenderingHints(graphics.getRenderingHints());
			this.canvasGraphics.setColor(Color.BLACK);
		}
		return this.canvasGraphics;
	}

	private void remember(COSDictionary font, Map<Key, Mask> glyphs, Key key, Mask mask) {
		long size = mask.coverage().length;
		if (this.pixels + size > this.maxPixels) {
			this.fonts.clear();
			glyphs.clear();
			this.fonts.put(font, glyphs);
			this.pixels = 0;
		}
		glyphs.put(key, mask);
		this.pixels += size;
	}

	/**
	 * A glyph's coverage (0–255 per pixel, row by row) and where its top left corner is, relative to the pixel of
	 * the glyph origin.
	 */
	record Mask(byte[] coverage, int width, int height, int left, int top) {
	}

	/**
	 * One mask per glyph of a font: its device transformation (without translation) and quarter-pixel phase. The
	 * outline follows from these (the width adjustment PDFBox applies depends on the code only).
	 */
	private record Key(int code, double scaleX, double shearY, double shearX, double scaleY, int phase) {
	}

}
