package io.pagewise.page.pdfbox;

import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsConfiguration;
import java.awt.Image;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.awt.image.ImageObserver;
import java.awt.image.RenderedImage;
import java.awt.image.renderable.RenderableImage;
import java.text.AttributedCharacterIterator;
import java.util.Map;

/**
 * A {@link Graphics2D} that forwards every call to another one, for subclasses that change a few operations. Written
 * out by hand because the JDK has none (Graphics2D is an abstract class, so no {@code java.lang.reflect.Proxy}) and
 * the graphics libraries that come close (Batik, FreeHEP) are far too heavy for seventy one-line methods.
 */
class DelegatingGraphics2D extends Graphics2D {

	protected final Graphics2D delegate;

	DelegatingGraphics2D(Graphics2D delegate) {
		this.delegate = delegate;
	}

	@Override
	public boolean drawImage(Image a, int b, int c, int d, int e, int f, int g, int h, int i, Color j, ImageObserver k) {
		return this.delegate.drawImage(a, b, c, d, e, f, g, h, i, j, k);
	}

	@Override
	public boolean drawImage(Image a, int b, int c, int d, int e, int f, int g, int h, int i, ImageObserver j) {
		return this.delegate.drawImage(a, b, c, d, e, f, g, h, i, j);
	}

	@Override
	public boolean drawImage(Image a, int b, int c, int d, int e, Color f, ImageObserver g) {
		return this.delegate.drawImage(a, b, c, d, e, f, g);
	}

	@Override
	public boolean drawImage(Image a, int b, int c, int d, int e, ImageObserver f) {
		return this.delegate.drawImage(a, b, c, d, e, f);
	}

	@Override
	public boolean drawImage(Image a, int b, int c, Color d, ImageObserver e) {
		return this.delegate.drawImage(a, b, c, d, e);
	}

	@Override
	public boolean drawImage(Image a, int b, int c, ImageObserver d) {
		return this.delegate.drawImage(a, b, c, d);
	}

	@Override
	public boolean drawImage(Image a, AffineTransform b, ImageObserver c) {
		return this.delegate.drawImage(a, b, c);
	}

	@Override
	public boolean hit(Rectangle a, Shape b, boolean c) {
		return this.delegate.hit(a, b, c);
	}

	@Override
	public Color getBackground() {
		return this.delegate.getBackground();
	}

	@Override
	public Color getColor() {
		return this.delegate.getColor();
	}

	@Override
	public Composite getComposite() {
		return this.delegate.getComposite();
	}

	@Override
	public Font getFont() {
		return this.delegate.getFont();
	}

	@Override
	public FontMetrics getFontMetrics(Font a) {
		return this.delegate.getFontMetrics(a);
	}

	@Override
	public Graphics create() {
		return this.delegate.create();
	}

	@Override
	public GraphicsConfiguration getDeviceConfiguration() {
		return this.delegate.getDeviceConfiguration();
	}

	@Override
	public Paint getPaint() {
		return this.delegate.getPaint();
	}

	@Override
	public Rectangle getClipBounds() {
		return this.delegate.getClipBounds();
	}

	@Override
	public RenderingHints getRenderingHints() {
		return this.delegate.getRenderingHints();
	}

	@Override
	public Shape getClip() {
		return this.delegate.getClip();
	}

	@Override
	public Stroke getStroke() {
		return this.delegate.getStroke();
	}

	@Override
	public FontRenderContext getFontRenderContext() {
		return this.delegate.getFontRenderContext();
	}

	@Override
	public AffineTransform getTransform() {
		return this.delegate.getTransform();
	}

	@Override
	public Object getRenderingHint(RenderingHints.Key a) {
		return this.delegate.getRenderingHint(a);
	}

	@Override
	public void addRenderingHints(Map<?, ?> a) {
		this.delegate.addRenderingHints(a);
	}

	@Override
	public void clearRect(int a, int b, int c, int d) {
		this.delegate.clearRect(a, b, c, d);
	}

	@Override
	public void clip(Shape a) {
		this.delegate.clip(a);
	}

	@Override
	public void clipRect(int a, int b, int c, int d) {
		this.delegate.clipRect(a, b, c, d);
	}

	@Override
	public void copyArea(int a, int b, int c, int d, int e, int f) {
		this.delegate.copyArea(a, b, c, d, e, f);
	}

	@Override
	public void dispose() {
		this.delegate.dispose();
	}

	@Override
	public void draw(Shape a) {
		this.delegate.draw(a);
	}

	@Override
	public void drawArc(int a, int b, int c, int d, int e, int f) {
		this.delegate.drawArc(a, b, c, d, e, f);
	}

	@Override
	public void drawGlyphVector(GlyphVector a, float b, float c) {
		this.delegate.drawGlyphVector(a, b, c);
	}

	@Override
	public void drawImage(BufferedImage a, BufferedImageOp b, int c, int d) {
		this.delegate.drawImage(a, b, c, d);
	}

	@Override
	public void drawLine(int a, int b, int c, int d) {
		this.delegate.drawLine(a, b, c, d);
	}

	@Override
	public void drawOval(int a, int b, int c, int d) {
		this.delegate.drawOval(a, b, c, d);
	}

	@Override
	public void drawPolygon(int[] a, int[] b, int c) {
		this.delegate.drawPolygon(a, b, c);
	}

	@Override
	public void drawPolyline(int[] a, int[] b, int c) {
		this.delegate.drawPolyline(a, b, c);
	}

	@Override
	public void drawRenderableImage(RenderableImage a, AffineTransform b) {
		this.delegate.drawRenderableImage(a, b);
	}

	@Override
	public void drawRenderedImage(RenderedImage a, AffineTransform b) {
		this.delegate.drawRenderedImage(a, b);
	}

	@Override
	public void drawRoundRect(int a, int b, int c, int d, int e, int f) {
		this.delegate.drawRoundRect(a, b, c, d, e, f);
	}

	@Override
	public void drawString(String a, float b, float c) {
		this.delegate.drawString(a, b, c);
	}

	@Override
	public void drawString(String a, int b, int c) {
		this.delegate.drawString(a, b, c);
	}

	@Override
	public void drawString(AttributedCharacterIterator a, float b, float c) {
		this.delegate.drawString(a, b, c);
	}

	@Override
	public void drawString(AttributedCharacterIterator a, int b, int c) {
		this.delegate.drawString(a, b, c);
	}

	@Override
	public void fill(Shape a) {
		this.delegate.fill(a);
	}

	@Override
	public void fillArc(int a, int b, int c, int d, int e, int f) {
		this.delegate.fillArc(a, b, c, d, e, f);
	}

	@Override
	public void fillOval(int a, int b, int c, int d) {
		this.delegate.fillOval(a, b, c, d);
	}

	@Override
	public void fillPolygon(int[] a, int[] b, int c) {
		this.delegate.fillPolygon(a, b, c);
	}

	@Override
	public void fillRect(int a, int b, int c, int d) {
		this.delegate.fillRect(a, b, c, d);
	}

	@Override
	public void fillRoundRect(int a, int b, int c, int d, int e, int f) {
		this.delegate.fillRoundRect(a, b, c, d, e, f);
	}

	@Override
	public void rotate(double a) {
		this.delegate.rotate(a);
	}

	@Override
	public void rotate(double a, double b, double c) {
		this.delegate.rotate(a, b, c);
	}

	@Override
	public void scale(double a, double b) {
		this.delegate.scale(a, b);
	}

	@Override
	public void setBackground(Color a) {
		this.delegate.setBackground(a);
	}

	@Override
	public void setClip(int a, int b, int c, int d) {
		this.delegate.setClip(a, b, c, d);
	}

	@Override
	public void setClip(Shape a) {
		this.delegate.setClip(a);
	}

	@Override
	public void setColor(Color a) {
		this.delegate.setColor(a);
	}

	@Override
	public void setComposite(Composite a) {
		this.delegate.setComposite(a);
	}

	@Override
	public void setFont(Font a) {
		this.delegate.setFont(a);
	}

	@Override
	public void setPaint(Paint a) {
		this.delegate.setPaint(a);
	}

	@Override
	public void setPaintMode() {
		this.delegate.setPaintMode();
	}

	@Override
	public void setRenderingHint(RenderingHints.Key a, Object b) {
		this.delegate.setRenderingHint(a, b);
	}

	@Override
	public void setRenderingHints(Map<?, ?> a) {
		this.delegate.setRenderingHints(a);
	}

	@Override
	public void setStroke(Stroke a) {
		this.delegate.setStroke(a);
	}

	@Override
	public void setTransform(AffineTransform a) {
		this.delegate.setTransform(a);
	}

	@Override
	public void setXORMode(Color a) {
		this.delegate.setXORMode(a);
	}

	@Override
	public void shear(double a, double b) {
		this.delegate.shear(a, b);
	}

	@Override
	public void transform(AffineTransform a) {
		this.delegate.transform(a);
	}

	@Override
	public void translate(double a, double b) {
		this.delegate.translate(a, b);
	}

	@Override
	public void translate(int a, int b) {
		this.delegate.translate(a, b);
	}

}
