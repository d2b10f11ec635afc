package io.pagewise.page;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

/**
 * A PDFRenderer that can be stopped and that keeps image bombs bounded: images are subsampled to the target
 * size, oversized images are refused before they are decoded, and every content-stream operator (in pages,
 * forms, patterns, Type 3 glyphs and annotations alike) first checks whether the render was cancelled.
 */
final class GuardedRenderer extends PDFRenderer {

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

	/** Thrown inside PDFBox to unwind a cancelled render; unchecked, so PDFBox's lenient IOException handling lets it through. */
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
		public void drawImage(PDImage image) throws IOException {
			GuardedRenderer.this.images.check(image);
			super.drawImage(image);
		}

	}

}
