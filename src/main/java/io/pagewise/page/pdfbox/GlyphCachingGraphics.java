package io.pagewise.page.pdfbox;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;

import org.apache.pdfbox.pdmodel.font.PDFont;
import org.jspecify.annotations.Nullable;

/**
 * The graphics of a page image, drawing filled glyphs from a {@link GlyphAtlas}: PDFBox decides everything about a
 * glyph (visibility, colour, clip, outline) and fills it here, where a plain fill (a solid colour, normal blending,
 * antialiased, inside a rectangular clip) blends the glyph's cached coverage into the page pixels, with the same
 * arithmetic as Java2D's own antialiased fill. Everything else passes through unchanged.
 */
final class GlyphCachingGraphics extends DelegatingGraphics2D {

	private final GlyphAtlas atlas;

	private final GlyphAtlas.Canvas canvas;

	/** The page pixels, three bytes (blue, green, red) per pixel, or null when the page is of another kind. */
	private final byte @Nullable [] pixels;

	private final int width;

	private final int height;

	private @Nullable Glyph next;

	private @Nullable AffineTransform user;

	/** The clip in device pixels, or null when it is not a rectangle; recomputed when {@link #clipChanged}. */
	private @Nullable Rectangle clip;

	private boolean clipChanged = true;

	/**
	 * @param graphics graphics drawing on {@code page}
	 */
	GlyphCachingGraphics(Graphics2D graphics, BufferedImage page, GlyphAtlas atlas, GlyphAtlas.Canvas canvas) {
		super(graphics);
		this.atlas = atlas;
		this.canvas = canvas;
		this.pixels = isThreeByteBgr(page) ? ((DataBufferByte) page.getRaster().getDataBuffer()).getData() : null;
		this.width = page.getWidth();
		this.height = page.getHeight();
	}

	private static boolean isThreeByteBgr(BufferedImage page) {
		return page.getType() == BufferedImage.TYPE_3BYTE_BGR
				&& page.getRaster().getSampleModel() instanceof PixelInterleavedSampleModel model
				&& model.getPixelStride() == 3 && model.getScanlineStride() == 3 * page.getWidth()
				&& page.getRaster().getSampleModelTranslateX() == 0 && page.getRaster().getSampleModelTranslateY() == 0;
	}

	/**
	 * Draws a glyph from its mask, if the atlas has it and the page is drawn in a way the mask can be blended:
	 * antialiased, inside a rectangular clip. The caller has checked the rest (the glyph is visible, filled only,
	 * with a solid colour and normal blending) and set the clip.
	 * @param glyphSpace the transformation from glyph space to user space (its translation is the glyph's origin)
	 * @param extraAlpha the alpha of the composite
	 * @return whether the glyph was drawn
	 */
	boolean drawCached(PDFont font, int code, AffineTransform glyphSpace, Color color, float extraAlpha) {
		Rectangle clip = blendableClip();
		if (clip == null) {
			return false;
		}
		Placement placement = place(glyphSpace);
		GlyphAtlas.Mask mask = this.atlas.find(font.getCOSObject(), code, placement.device(), placement.phase());
		if (mask == null || mask == GlyphAtlas.OUTLINE) {
			return false;
		}
		blend(mask, placement, clip, color, extraAlpha);
		return true;
	}

	/** Announces the glyph PDFBox is about to draw: the next {@link #fill(Shape)}, if any, is that glyph. */
	void expect(PDFont font, int code, AffineTransform glyphSpace) {
		this.next = new Glyph(font, code, glyphSpace);
	}

	/** The announced glyph has been drawn (or was invisible, or only stroked or clipped). */
	void forget() {
		this.next = null;
	}

	/** Fills a shape; an announced glyph is added to the atlas and blended from its mask, if it can be. */
	@Override
	public void fill(Shape shape) {
		Glyph glyph = this.next;
		this.next = null;
		Rectangle clip = (glyph != null) ? blendableClip() : null;
		if (glyph != null && clip != null && this.delegate.getPaint() instanceof Color color
				&& this.delegate.getComposite() instanceof AlphaComposite composite
				&& composite.getRule() == AlphaComposite.SRC_OVER) {
			Placement placement = place(glyph.glyphSpace());
			GlyphAtlas.Mask mask = this.atlas.add(glyph.font().getCOSObject(), glyph.code(), placement.device(),
					placement.phase(), shape, user(), this.delegate, this.canvas);
			if (mask != GlyphAtlas.OUTLINE) {
				blend(mask, placement, clip, color, composite.getAlpha());
				return;
			}
		}
		this.delegate.fill(shape);
	}

	/** The clip in device pixels, if glyph masks can be blended on this page now; null if not. */
	private @Nullable Rectangle blendableClip() {
		if (this.pixels == null
				|| this.delegate.getRenderingHint(RenderingHints.KEY_ANTIALIASING) != RenderingHints.VALUE_ANTIALIAS_ON) {
			return null;
		}
		return clip();
	}

	/** Where a glyph lands: its origin's pixel and quarter-pixel phase. */
	private Placement place(AffineTransform glyphSpace) {
		AffineTransform device = new AffineTransform(user());
		device.concatenate(glyphSpace);
		int x = (int) Math.floor(device.getTranslateX());
		int y = (int) Math.floor(device.getTranslateY());
		int phaseX = (int) Math.round((device.getTranslateX() - x) * GlyphAtlas.SUBPIXELS);
		int phaseY = (int) Math.round((device.getTranslateY() - y) * GlyphAtlas.SUBPIXELS);
		if (phaseX == GlyphAtlas.SUBPIXELS) {
			x++;
			phaseX = 0;
		}
		if (phaseY == GlyphAtlas.SUBPIXELS) {
			y++;
			phaseY = 0;
		}
		return new Placement(device, x, y, phaseX * GlyphAtlas.SUBPIXELS + phaseY);
	}

	/**
	 * Java2D's antialiased SrcOver fill onto three-byte BGR, for a coverage given in advance: the colour's alpha
	 * times the composite's, times the coverage, blends the colour over the pixel.
	 */
	private void blend(GlyphAtlas.Mask mask, Placement placement, Rectangle clip, Color color, float extraAlpha) {
		byte[] pixels = this.pixels;
		int left = placement.x() + mask.left();
		int top = placement.y() + mask.top();
		int alpha = Math.round(color.getAlpha() * extraAlpha);
		int red = mul8(alpha, color.getRed());
		int green = mul8(alpha, color.getGreen());
		int blue = mul8(alpha, color.getBlue());
		int fromX = Math.max(left, clip.x);
		int toX = Math.min(left + mask.width(), clip.x + clip.width);
		int fromY = Math.max(top, clip.y);
		int toY = Math.min(top + mask.height(), clip.y + clip.height);
		byte[] coverage = mask.coverage();
		int maskWidth = mask.width();
		for (int row = fromY; row < toY; row++) {
			int from = (row - top) * maskWidth - left;
			int pixel = (row * this.width + fromX) * 3;
			for (int column = fromX; column < toX; column++, pixel += 3) {
				int covered = coverage[from + column] & 0xff;
				if (covered == 0xff && alpha == 0xff) {
					pixels[pixel] = (byte) blue;
					pixels[pixel + 1] = (byte) green;
					pixels[pixel + 2] = (byte) red;
				}
				else if (covered != 0) {
					// mul8(covered, x) and mul8(keep, x), each with its first factor scaled once.
					int coveredScaled = covered * 0x10101;
					int keepScaled = (0xff - mul8(covered, alpha)) * 0x10101;
					pixels[pixel] = (byte) (((coveredScaled * blue + 0x800000) >>> 24)
							+ ((keepScaled * (pixels[pixel] & 0xff) + 0x800000) >>> 24));
					pixels[pixel + 1] = (byte) (((coveredScaled * green + 0x800000) >>> 24)
							+ ((keepScaled * (pixels[pixel + 1] & 0xff) + 0x800000) >>> 24));
					pixels[pixel + 2] = (byte) (((coveredScaled * red + 0x800000) >>> 24)
							+ ((keepScaled * (pixels[pixel + 2] & 0xff) + 0x800000) >>> 24));
				}
			}
		}
	}

	/**
	 * a × b / 255, as Java2D's {@code mul8table} has it (AlphaMath.c: {@code (a × b × 0x010101 + 0x800000) >> 24},
	 * which fits an unsigned 32-bit int for a, b ≤ 255).
	 */
	private static int mul8(int a, int b) {
		return (a * b * 0x10101 + 0x800000) >>> 24;
	}

	private AffineTransform user() {
		AffineTransform user = this.user;
		if (user == null) {
			user = this.delegate.getTransform();
			this.user = user;
		}
		return user;
	}

	/**
	 * The clip in device pixels (those whose centres it contains, as Java2D decides), clipped to the page; null
	 * when it is not a rectangle.
	 */
	private @Nullable Rectangle clip() {
		if (this.clipChanged) {
			this.clipChanged = false;
			this.clip = deviceClip();
		}
		return this.clip;
	}

	private @Nullable Rectangle deviceClip() {
		Rectangle page = new Rectangle(0, 0, this.width, this.height);
		Shape userClip = this.delegate.getClip();
		if (userClip == null) {
			return page;
		}
		Area area = new Area(user().createTransformedShape(userClip));
		if (!area.isRectangular()) {
			return null;
		}
		Rectangle2D bounds = area.getBounds2D();
		int x = (int) Math.ceil(bounds.getMinX() - 0.5);
		int y = (int) Math.ceil(bounds.getMinY() - 0.5);
		int right = (int) Math.ceil(bounds.getMaxX() - 0.5);
		int bottom = (int) Math.ceil(bounds.getMaxY() - 0.5);
		return page.intersection(new Rectangle(x, y, Math.max(0, right - x), Math.max(0, bottom - y)));
	}

	@Override
	public void setClip(Shape clip) {
		super.setClip(clip);
		this.clipChanged = true;
	}

	@Override
	public void setClip(int x, int y, int width, int height) {
		super.setClip(x, y, width, height);
		this.clipChanged = true;
	}

	@Override
	public void clip(Shape clip) {
		super.clip(clip);
		this.clipChanged = true;
	}

	@Override
	public void clipRect(int x, int y, int width, int height) {
		super.clipRect(x, y, width, height);
		this.clipChanged = true;
	}

	@Override
	public void setTransform(AffineTransform transform) {
		super.setTransform(transform);
		this.user = null;
	}

	@Override
	public void transform(AffineTransform transform) {
		super.transform(transform);
		this.user = null;
	}

	@Override
	public void translate(int x, int y) {
		super.translate(x, y);
		this.user = null;
	}

	@Override
	public void translate(double x, double y) {
		super.translate(x, y);
		this.user = null;
	}

	@Override
	public void rotate(double theta) {
		super.rotate(theta);
		this.user = null;
	}

	@Override
	public void rotate(double theta, double x, double y) {
		super.rotate(theta, x, y);
		this.user = null;
	}

	@Override
	public void scale(double x, double y) {
		super.scale(x, y);
		this.user = null;
	}

	@Override
	public void shear(double x, double y) {
		super.shear(x, y);
		this.user = null;
	}

	private record Glyph(PDFont font, int code, AffineTransform glyphSpace) {
	}

	/** A glyph's transformation to device space, the pixel its origin is in, and its quarter-pixel phase. */
	private record Placement(AffineTransform device, int x, int y, int phase) {
	}

}
