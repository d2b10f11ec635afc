package io.pagewise.page;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.apache.pdfbox.rendering.RenderDestination;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PDFRenderer that can be stopped and that keeps image bombs bounded: images (stencil masks included) are
 * subsampled to the target size, oversized images are refused before they are decoded, complex clipping paths
 * are flattened, and every content-stream operator (in pages, forms, patterns, Type 3 glyphs and annotations
 * alike) first checks whether the render was cancelled.
 */
final class GuardedRenderer extends PDFRenderer {

	private static final Logger logger = LoggerFactory.getLogger(GuardedRenderer.class);

	/**
	 * PDFBox's package-private {@code PDFRenderer#getPageImage()}: the image {@code renderImage} is drawing, whose
	 * pixels the glyph atlas blends into. Null (and glyphs are filled as outlines) if a PDFBox upgrade removes it.
	 */
	private static final @Nullable MethodHandle PAGE_IMAGE = pageImageAccessor();

	/**
	 * PDFBox's private {@code PageDrawer#nestedHiddenOCGCount}: above zero inside hidden optional content, which
	 * PageDrawer does not draw. Null (and every glyph goes through PDFBox) if a PDFBox upgrade removes it.
	 */
	private static final @Nullable VarHandle HIDDEN_CONTENT_DEPTH = hiddenContentDepthAccessor();

	/** Beyond this many segments a curved clipping path is flattened. */
	private static final int COMPLEX_CLIP_SEGMENTS = 256;

	/** Flattening tolerance in PDF points: at most a sixth of a pixel at 110 dpi. */
	private static final double CLIP_FLATNESS = 0.1;

	private final BooleanSupplier cancelled;

	private final ImageBudget images;

	/** Null when glyphs are filled as outlines each time. */
	private final @Nullable GlyphAtlas glyphs;

	private final GlyphAtlas.Canvas canvas = new GlyphAtlas.Canvas();

	/** Decodes JPEG images at the scale they are drawn; null to let PDFBox decode them. */
	private final @Nullable JpegDecoder jpegs;

	/** Whether {@link #renderImage} is running, so that PDFBox's page image is the one being drawn. */
	private boolean renderingImage;

	/**
	 * @param glyphs the glyph masks of this document, shared by its renderers; null to fill every glyph's outline
	 * @param jpegs the decoder for JPEG images; null to let PDFBox decode them
	 */
	GuardedRenderer(PDDocument document, BooleanSupplier cancelled, ImageBudget images, @Nullable GlyphAtlas glyphs,
			@Nullable JpegDecoder jpegs) {
		super(document);
		this.cancelled = cancelled;
		this.images = images;
		this.glyphs = glyphs;
		this.jpegs = jpegs;
		setSubsamplingAllowed(true);
	}

	@Override
	public BufferedImage renderImage(int pageIndex, float scale, ImageType imageType, RenderDestination destination)
			throws IOException {
		this.renderingImage = true;
		try {
			return super.renderImage(pageIndex, scale, imageType, destination);
		}
		finally {
			this.renderingImage = false;
		}
	}

	/** The image {@link #renderImage} is drawing, or null. */
	private @Nullable BufferedImage pageImage() {
		if (!this.renderingImage || PAGE_IMAGE == null) {
			return null;
		}
		try {
			return (BufferedImage) PAGE_IMAGE.invokeExact((PDFRenderer) this);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// getPageImage() declares no checked exception.
			throw new IllegalStateException(ex);
		}
	}

	private static @Nullable MethodHandle pageImageAccessor() {
		try {
			return MethodHandles.privateLookupIn(PDFRenderer.class, MethodHandles.lookup())
				.findVirtual(PDFRenderer.class, "getPageImage", MethodType.methodType(BufferedImage.class));
		}
		catch (ReflectiveOperationException | SecurityException ex) {
			logger.warn("PDFBox's page image is not accessible ({}): glyphs are drawn without the glyph cache, slower",
					ex.toString());
			return null;
		}
	}

	private static @Nullable VarHandle hiddenContentDepthAccessor() {
		try {
			return MethodHandles.privateLookupIn(PageDrawer.class, MethodHandles.lookup())
				.findVarHandle(PageDrawer.class, "nestedHiddenOCGCount", int.class);
		}
		catch (ReflectiveOperationException | SecurityException ex) {
			logger.warn("PDFBox's optional content state is not accessible ({}): glyphs are drawn slower", ex.toString());
			return null;
		}
	}

	@Override
	protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
		return new GuardedPageDrawer(parameters);
	}

	/**
	 * Replaces the curves of a complex clipping path with line segments a fraction of a pixel away. Java2D's
	 * {@code Area}, which PDFBox clips with, spent minutes on the ~1000 wild Bézier curves of a damaged
	 * content stream (bad/damaged_realworld_govdocs_020747), inside a single operator where no cancellation check
	 * can reach it; on the flattened path it takes about two seconds.
	 */
	static void flattenIfComplex(GeneralPath path) {
		int segments = 0;
		boolean curved = false;
		double[] coordinates = new double[6];
		for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
			int type = it.currentSegment(coordinates);
			curved |= type == PathIterator.SEG_CUBICTO || type == PathIterator.SEG_QUADTO;
			segments++;
		}
		if (curved && segments > COMPLEX_CLIP_SEGMENTS) {
			GeneralPath flat = new GeneralPath(path.getWindingRule());
			flat.append(path.getPathIterator(null, CLIP_FLATNESS), false);
			path.reset();
			path.append(flat, false);
		}
	}

	/**
	 * Thrown inside PDFBox to unwind a cancelled render: unchecked, so PDFBox's lenient handling of
	 * IOExceptions (which logs and skips a failed form or image) lets it through.
	 */
	static final class Cancelled extends RuntimeException {

		Cancelled() {
			super("Render cancelled", null, false, false);
		}

	}

	private final class GuardedPageDrawer extends PageDrawer {

		GuardedPageDrawer(PageDrawerParameters parameters) throws IOException {
			super(parameters);
		}

		@Override
		public void drawPage(Graphics2D graphics, PDRectangle pageSize) throws IOException {
			GlyphAtlas glyphs = GuardedRenderer.this.glyphs;
			BufferedImage page = (glyphs != null) ? pageImage() : null;
			super.drawPage((page != null) ? new GlyphCachingGraphics(graphics, page, glyphs, GuardedRenderer.this.canvas) : graphics, pageSize);
		}

		/**
		 * Draws a glyph from the glyph atlas when it is there and PDFBox would simply fill it (visible, fill mode,
		 * solid colour, normal blending), skipping PDFBox's outline lookup and transformation; otherwise lets
		 * PDFBox draw it, announcing it to the page graphics, which add it to the atlas if they can.
		 */
		@Override
		protected void showFontGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement)
				throws IOException {
			if (!(getGraphics() instanceof GlyphCachingGraphics graphics)) {
				// A transparency group or a tiling pattern, drawn on graphics of their own.
				super.showFontGlyph(textRenderingMatrix, font, code, displacement);
				return;
			}
			// The glyph space PDFBox computes for this glyph (before any width adjustment, which depends on the code).
			AffineTransform glyphSpace = textRenderingMatrix.createAffineTransform();
			glyphSpace.concatenate(font.getFontMatrix().createAffineTransform());
			if (isPlainlyFilled() && getNonStrokingPaint() instanceof Color color
					&& getGraphicsState().getNonStrokingJavaComposite() instanceof AlphaComposite composite
					&& composite.getRule() == AlphaComposite.SRC_OVER) {
				setClip();
				if (graphics.drawCached(font, code, glyphSpace, color, composite.getAlpha())) {
					return;
				}
			}
			graphics.expect(font, code, glyphSpace);
			try {
				super.showFontGlyph(textRenderingMatrix, font, code, displacement);
			}
			finally {
				graphics.forget();
			}
		}

		/** Whether text is drawn by filling only, and is not hidden optional content. */
		private boolean isPlainlyFilled() {
			return getGraphicsState().getTextState().getRenderingMode() == RenderingMode.FILL
					&& HIDDEN_CONTENT_DEPTH != null && (int) HIDDEN_CONTENT_DEPTH.get((PageDrawer) this) <= 0;
		}

		@Override
		protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
			if (GuardedRenderer.this.cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
				throw new Cancelled();
			}
			super.processOperator(operator, operands);
		}

		@Override
		public void clip(int windingRule) {
			flattenIfComplex(getLinePath());
			super.clip(windingRule);
		}

		@Override
		public void drawImage(PDImage image) throws IOException {
			int subsampling = getSubsampling(image,
					getGraphicsState().getCurrentTransformationMatrix().createAffineTransform());
			GuardedRenderer.this.images.check(image, subsampling);
			// Only without optional content: PageDrawer checks /OC on PDImageXObject, which the view is not.
			if (image.isStencil() && subsampling > 1 && image instanceof PDImageXObject stencil
					&& stencil.getOptionalContent() == null) {
				super.drawImage(new SubsampledStencil(stencil, subsampling));
				return;
			}
			JpegDecoder jpegs = GuardedRenderer.this.jpegs;
			ScaledJpeg jpeg = (jpegs != null && image instanceof PDImageXObject xobject)
					? ScaledJpeg.of(xobject, jpegs, System.getProperty(PdfRasterizer.ALTERNATE_INSTEAD_OF_ICC) != null)
					: null;
			super.drawImage((jpeg != null) ? jpeg : image);
		}

	}

}
