package io.pagewise.page;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import io.pagewise.PagewiseException;
import io.pagewise.document.PageRasterizer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Renders PDF pages to JPEG images under a pixel budget (placeholder: sequential, to be hardened). */
@Service
public class PageRenderer implements PageRasterizer {

	private final RenderProperties properties;

	PageRenderer(RenderProperties properties) {
		this.properties = properties;
	}

	@Override
	public int rasterize(Path pdf, PageSink sink) {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			PDFRenderer renderer = new PDFRenderer(document);
			int count = document.getNumberOfPages();
			for (int i = 0; i < count; i++) {
				BufferedImage image = renderer.renderImageWithDPI(i, this.properties.dpi(), ImageType.RGB);
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				ImageIO.write(image, "jpg", out);
				sink.accept(i + 1, image.getWidth(), image.getHeight(), out.toByteArray());
			}
			return count;
		}
		catch (IOException ex) {
			throw new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-unreadable", "Unreadable PDF",
					"The PDF could not be read.", ex);
		}
	}

}
