package io.pagewise.page.pdfbox;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.pagewise.page.jpeg.JpegDecoder;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.filter.MissingImageReaderException;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.blend.BlendMode;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
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
public final class GuardedRenderer extends PDFRenderer {

	private static final Logger logger = LoggerFactory.getLogger(GuardedRenderer.class);

	/**
	 * PDFBox's private {@code PDFRenderer#pageImage}: the image {@code renderImage} is drawing (transparency groups
	 * blend onto it, and the glyph atlas blends into its pixels), which {@link #renderReusing} sets for its own
	 * image. Null if a PDFBox upgrade removes it: then every page gets a new image, glyphs are filled as outlines.
	 */
	private static final @Nullable VarHandle PAGE_IMAGE = pageImageField();

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

	/** Whether PDFBox reads ICC-based colour spaces as their alternate (so a decoded JPEG's pixels are exact). */
	private final boolean iccAsAlternate;

	/** Whether a page image is being drawn, so that PDFBox's page image is the one being drawn. */
	private boolean renderingImage;

	private final PDDocument document;

	/** The image {@link #renderReusing} draws pages on. */
	private @Nullable BufferedImage reusable;

	/**
	 * @param glyphs the glyph masks of this document, shared by its renderers; null to fill every glyph's outline
	 * @param jpegs the decoder for JPEG images; null to let PDFBox decode them
	 * @param iccAsAlternate whether PDFBox is set to read ICC-based colour spaces as their alternate (see
	 * {@link PdfBoxSettings})
	 */
	public GuardedRenderer(PDDocument document, BooleanSupplier cancelled, ImageBudget images,
			@Nullable GlyphAtlas glyphs, @Nullable JpegDecoder jpegs, boolean iccAsAlternate) {
		super(document);
		this.document = document;
		this.cancelled = cancelled;
		this.images = images;
		this.glyphs = glyphs;
		this.jpegs = jpegs;
		this.iccAsAlternate = iccAsAlternate;
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

	/**
	 * Renders a page into an image this renderer reuses for its next page of the same size, so valid until then.
	 * The same drawing as {@link #renderImage} (white page, same size, scale and rotation), without allocating,
	 * zeroing and collecting a multi-megabyte image per page. Pages that use blend modes, which PDFBox draws on a
	 * transparent canvas first, get a new image from {@code renderImage}.
	 */
	public BufferedImage renderReusing(int index, PageScale scale) throws IOException {
		PDPage page = this.document.getPage(index);
		if (PAGE_IMAGE == null || hasBlendMode(page)) {
			return scale.verify(renderImage(index, scale.factor(), ImageType.BGR));
		}
		BufferedImage image = this.reusable;
		if (image == null || image.getWidth() != scale.width() || image.getHeight() != scale.height()) {
			image = new BufferedImage(scale.width(), scale.height(), BufferedImage.TYPE_3BYTE_BGR);
			this.reusable = image;
		}
		Arrays.fill(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), (byte) 0xff);
		Graphics2D graphics = image.createGraphics();
		PAGE_IMAGE.set((PDFRenderer) this, image);
		this.renderingImage = true;
		try {
			renderPageToGraphics(index, new WhitePage(graphics), scale.factor(), scale.factor(),
					RenderDestination.EXPORT);
		}
		finally {
			this.renderingImage = false;
			PAGE_IMAGE.set((PDFRenderer) this, (BufferedImage) null);
			graphics.dispose();
		}
		return image;
	}

	/** As PDFRenderer's private check: an extended graphics state of the page blends other than normally. */
	private static boolean hasBlendMode(PDPage page) {
		PDResources resources = page.getResources();
		if (resources == null) {
			return false;
		}
		for (COSName name : resources.getExtGStateNames()) {
			PDExtendedGraphicsState state = resources.getExtGState(name);
			if (state != null && state.getBlendMode() != BlendMode.NORMAL) {
				return true;
			}
		}
		return false;
	}

	/** The image {@link #renderImage} or {@link #renderReusing} is drawing, or null. */
	private @Nullable BufferedImage pageImage() {
		return (this.renderingImage && PAGE_IMAGE != null) ? (BufferedImage) PAGE_IMAGE.get((PDFRenderer) this) : null;
	}

	private static @Nullable VarHandle pageImageField() {
		try {
			return MethodHandles.privateLookupIn(PDFRenderer.class, MethodHandles.lookup())
				.findVarHandle(PDFRenderer.class, "pageImage", BufferedImage.class);
		}
		catch (ReflectiveOperationException | SecurityException ex) {
			logger.warn("PDFBox's page image is not accessible ({}): pages and glyphs are drawn slower", ex.toString());
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
	public static final class Cancelled extends RuntimeException {

		public Cancelled() {
			super("Render cancelled", null, false, false);
		}

	}

	private final class GuardedPageDrawer extends PageDrawer {

		/** The IOException of the last image that failed to draw, or null. */
		private @Nullable IOException imageFailure;

		GuardedPageDrawer(PageDrawerParameters parameters) throws IOException {
			super(parameters);
		}

		@Override
		public void drawPage(Graphics2D graphics, PDRectangle pageSize) throws IOException {
			Graphics2D page = (graphics instanceof WhitePage white) ? white.page() : graphics;
			GlyphAtlas glyphs = GuardedRenderer.this.glyphs;
			BufferedImage image = (glyphs != null) ? pageImage() : null;
			super.drawPage((image != null) ? new GlyphCachingGraphics(page, image, glyphs, GuardedRenderer.this.canvas)
					: page, pageSize);
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

		/**
		 * Draws an image, or fails the page: PDFBox's {@code Do} operator logs an IOException and goes on without
		 * the image, which left a page blank where its picture should be (the reader would see an empty page).
		 * The failure is remembered so that {@link #operatorException} lets exactly it through.
		 */
		@Override
		public void drawImage(PDImage image) throws IOException {
			try {
				drawGuarded(image);
			}
			catch (IOException ex) {
				this.imageFailure = ex;
				throw ex;
			}
		}

		/**
		 * PDFBox's handling of an operator's IOException, except for an image that failed to draw (in this stream
		 * or a form inside it), which fails the page and so the render's failure classification applies. A missing
		 * image reader (JPEG 2000 without a codec) is the service's gap, not the document's: PDFBox logs it as an
		 * error and goes on, as before.
		 */
		@Override
		protected void operatorException(Operator operator, List<COSBase> operands, IOException ex)
				throws IOException {
			if (ex == this.imageFailure && !(ex instanceof MissingImageReaderException)) {
				throw ex;
			}
			super.operatorException(operator, operands, ex);
		}

		private void drawGuarded(PDImage image) throws IOException {
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
					? ScaledJpeg.of(xobject, jpegs, GuardedRenderer.this.iccAsAlternate)
					: null;
			super.drawImage((jpeg != null) ? jpeg : image);
		}

	}

}
