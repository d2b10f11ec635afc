package io.pagewise.page;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** PDFs made with PDFBox for the tests: no test depends on files outside the repository. */
final class TestPdfs {

	private final Path dir;

	TestPdfs(Path dir) {
		this.dir = dir;
	}

	/** {@code count} pages of {@code size}, each with its number written on it and a red square. */
	Path pages(String name, int count, PDRectangle size) {
		return save(name, (document) -> {
			for (int i = 1; i <= count; i++) {
				PDPage page = new PDPage(size);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.setNonStrokingColor(Color.RED);
					content.addRect(0, 0, 100, 100);
					content.fill();
					content.beginText();
					content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 24);
					content.newLineAtOffset(120, 40);
					content.showText("Page " + i);
					content.endText();
				}
			}
		});
	}

	Path letter(String name) {
		return pages(name, 1, PDRectangle.LETTER);
	}

	Path rotated(String name, int rotation) {
		return edit(letter(name), (document) -> document.getPage(0).setRotation(rotation));
	}

	Path cropped(String name, PDRectangle cropBox) {
		return edit(letter(name), (document) -> document.getPage(0).setCropBox(cropBox));
	}

	/** A page of small rectangles in random colours: plenty of detail for the JPEG encoder. */
	Path busy(String name) {
		return save(name, (document) -> {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			Random random = new Random(42);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				for (int y = 0; y < 792; y += 6) {
					for (int x = 0; x < 612; x += 6) {
						content.setNonStrokingColor(new Color(random.nextInt(0x1000000)));
						content.addRect(x, y, 6, 6);
						content.fill();
					}
				}
			}
		});
	}

	/** A page that draws a form of {@code rects} rectangles {@code times} times: slow to render on purpose. */
	Path slow(String name, int rects, int times) {
		return save(name, (document) -> {
			PDPage page = new PDPage(PDRectangle.LETTER);
			page.setResources(new PDResources());
			document.addPage(page);
			PDFormXObject form = new PDFormXObject(document);
			form.setBBox(PDRectangle.LETTER);
			StringBuilder ops = new StringBuilder();
			for (int i = 0; i < rects; i++) {
				ops.append(i % 600).append(' ').append(i % 780).append(" 3 3 re f\n");
			}
			try (var out = form.getStream().createOutputStream(COSName.FLATE_DECODE)) {
				out.write(ops.toString().getBytes(StandardCharsets.US_ASCII));
			}
			page.getResources().add(form);
			COSName formName = page.getResources().getXObjectNames().iterator().next();
			StringBuilder draws = new StringBuilder();
			for (int i = 0; i < times; i++) {
				draws.append('/').append(formName.getName()).append(" Do\n");
			}
			PDStream contents = new PDStream(document);
			try (var out = contents.createOutputStream(COSName.FLATE_DECODE)) {
				out.write(draws.toString().getBytes(StandardCharsets.US_ASCII));
			}
			page.setContents(contents);
		});
	}

	/** A page showing a lossless (Flate) grey image of {@code side}×{@code side} pixels. */
	Path image(String name, int side) {
		return save(name, (document) -> {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			var pixels = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
			PDImageXObject image = LosslessFactory.createFromImage(document, pixels);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.drawImage(image, 0, 0, 612, 612);
			}
		});
	}

	/**
	 * A 4000×4000 stencil mask (/ImageMask) filling the page in red: painted on the left half (black samples),
	 * see-through on the right.
	 */
	Path stencil(String name) {
		return save(name, (document) -> {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			var bits = new java.awt.image.BufferedImage(4000, 4000, java.awt.image.BufferedImage.TYPE_BYTE_BINARY);
			var graphics = bits.createGraphics();
			graphics.setColor(Color.WHITE);
			graphics.fillRect(2000, 0, 2000, 4000);
			graphics.dispose();
			PDImageXObject mask = LosslessFactory.createFromImage(document, bits);
			mask.setStencil(true);
			mask.getCOSObject().removeItem(COSName.COLORSPACE);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.setNonStrokingColor(Color.RED);
				content.drawImage(mask, 0, 0, 612, 792);
			}
		});
	}

	/**
	 * A page filled with 50 % grey in an ICC-based colour space whose profile is linear grey (gamma 1): through the
	 * profile that is sRGB 188, read as its alternate DeviceGray it is 128.
	 */
	Path linearGrey(String name) {
		return save(name, (document) -> {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			COSStream profile = document.getDocument().createCOSStream();
			try (java.io.OutputStream out = profile.createOutputStream()) {
				out.write(java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_GRAY).getData());
			}
			profile.setInt(COSName.N, 1);
			profile.setItem(COSName.ALTERNATE, COSName.DEVICEGRAY);
			COSArray iccBased = new COSArray(java.util.List.of(COSName.ICCBASED, profile));
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.setNonStrokingColor(new org.apache.pdfbox.pdmodel.graphics.color.PDColor(new float[] { 0.5f },
						org.apache.pdfbox.pdmodel.graphics.color.PDICCBased.create(iccBased, null)));
				content.addRect(0, 0, 612, 792);
				content.fill();
			}
		});
	}

	Path encrypted(String name, String ownerPassword, String userPassword) {
		return edit(letter(name), (document) -> {
			AccessPermission permissions = new AccessPermission();
			permissions.setCanExtractContent(false);
			permissions.setCanModify(false);
			StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword, permissions);
			policy.setEncryptionKeyLength(256);
			document.protect(policy);
		});
	}

	Path empty(String name) {
		return save(name, (document) -> {
		});
	}

	Path bytes(String name, byte[] content) {
		try {
			return Files.write(this.dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path save(String name, DocumentBuilder builder) {
		Path file = this.dir.resolve(name);
		try (PDDocument document = new PDDocument()) {
			builder.build(document);
			document.save(file.toFile());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path edit(Path file, DocumentBuilder change) {
		try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(Files.readAllBytes(file))) {
			change.build(document);
			document.save(file.toFile());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface DocumentBuilder {

		void build(PDDocument document) throws IOException;

	}

}
