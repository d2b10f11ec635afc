package io.pagewise.page;

import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

/**
 * A PDFRenderer that can be stopped and that keeps image bombs bounded: images (stencil masks included) are
 * subsampled to the target size, oversized images are refused before they are decoded, complex clipping paths
 * are flattened, and every content-stream operator (in pages, forms, patterns, Type 3 glyphs and annotations
 * alike) first checks whether the render was cancelled.
 */
final class GuardedRenderer extends PDFRenderer {

	/** Beyond this many segments a curved clipping path is flattened. */
	private static final int COMPLEX_CLIP_SEGMENTS = 256;

	/** Flattening tolerance in PDF points: at most a sixth of a pixel at 110 dpi. */
	private static final double CLIP_FLATNESS = 0.1;

	private final BooleanSupplier cancelled;

	private final ImageBudget images;

	GuardedRenderer(PDDocument document, BooleanSupplier cancelled, ImageBudget images) {
		super(document);
		this.cancelled = cancelled;
		this.images = images;
		setSubsamplingAllowed(true);
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
			super.drawImage(image);
		}

	}

}
