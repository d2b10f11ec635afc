package io.pagewise.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.TestPages;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Damaged variants of PDFs, reproducible from a seed: truncated, with flipped bytes, with zeroed blocks, or with a
 * broken {@code startxref} — what interrupted downloads, bad disks and sloppy writers produce.
 */
final class MutatedPdfs {

	private final Random random;

	MutatedPdfs(long seed) {
		this.random = new Random(seed);
	}

	/** Base documents PDFBox writes: an xref stream, a classic xref table, embedded JPEGs, heavy vector art. */
	static List<Sample> bases() {
		return List.of(new Sample("text-xref-stream", TestPdfs.letter(3, "mutation base", 2)),
				new Sample("text-xref-table", save(textDocument(), CompressParameters.NO_COMPRESSION)),
				new Sample("images", save(imageDocument(), CompressParameters.DEFAULT_COMPRESSION)),
				new Sample("vector-art", save(vectorDocument(), CompressParameters.NO_COMPRESSION)));
	}

	/** {@code perKind} variants of each kind of damage. */
	List<Sample> mutate(Sample base, int perKind) {
		List<Sample> mutants = new ArrayList<>();
		for (int i = 0; i < perKind; i++) {
			mutants.add(truncated(base));
			mutants.add(flipped(base));
			mutants.add(zeroed(base));
			mutants.add(brokenStartxref(base, i));
		}
		return mutants;
	}

	private Sample truncated(Sample base) {
		int length = (int) (base.bytes().length * (0.05 + 0.9 * this.random.nextDouble()));
		return new Sample(base.name() + "#truncated@" + length, Arrays.copyOf(base.bytes(), length));
	}

	private Sample flipped(Sample base) {
		byte[] bytes = base.bytes().clone();
		int flips = 1 + this.random.nextInt(24);
		for (int i = 0; i < flips; i++) {
			bytes[this.random.nextInt(bytes.length)] ^= (byte) (1 << this.random.nextInt(8));
		}
		return new Sample(base.name() + "#flipped-" + flips + "-bits", bytes);
	}

	private Sample zeroed(Sample base) {
		byte[] bytes = base.bytes().clone();
		int length = Math.min(bytes.length / 2, 64 + this.random.nextInt(2048));
		int from = this.random.nextInt(bytes.length - length);
		Arrays.fill(bytes, from, from + length, (byte) 0);
		return new Sample(base.name() + "#zeroed-" + length + "@" + from, bytes);
	}

	/** The offset after the last {@code startxref} replaced: a wrong offset, garbage, or past the end. */
	private Sample brokenStartxref(Sample base, int variant) {
		String text = new String(base.bytes(), StandardCharsets.ISO_8859_1);
		int keyword = text.lastIndexOf("startxref");
		if (keyword < 0) {
			return truncated(base);
		}
		int start = keyword + "startxref".length();
		int end = text.indexOf("%%EOF", start);
		String offset = switch (variant % 3) {
			case 0 -> Integer.toString(this.random.nextInt(base.bytes().length));
			case 1 -> "x" + Integer.toHexString(this.random.nextInt());
			default -> Long.toString(base.bytes().length + 1_000_000L + this.random.nextInt(1_000_000));
		};
		String broken = text.substring(0, start) + "\n" + offset + "\n" + ((end < 0) ? "" : text.substring(end));
		return new Sample(base.name() + "#startxref=" + offset, broken.getBytes(StandardCharsets.ISO_8859_1));
	}

	private static PDDocument textDocument() {
		PDDocument document = new PDDocument();
		PDType1Font font = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
		for (int number = 1; number <= 3; number++) {
			PDPage page = new PDPage(PDRectangle.A4);
			document.addPage(page);
			int i = number;
			draw(document, page, (content) -> {
				content.beginText();
				content.setFont(font, 11);
				content.newLineAtOffset(50, 780);
				for (int line = 0; line < 40; line++) {
					content.showText("Line " + line + " of page " + i + ": the quick brown fox jumps over the dog.");
					content.newLineAtOffset(0, -16);
				}
				content.endText();
			});
		}
		return document;
	}

	private static PDDocument imageDocument() {
		PDDocument document = new PDDocument();
		for (int i = 1; i <= 2; i++) {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			byte[] jpeg = TestPages.jpeg(400, 300, 0.2 + 0.3 * i, 30);
			draw(document, page, (content) -> {
				PDImageXObject image = PDImageXObject.createFromByteArray(document, jpeg, "photo");
				content.drawImage(image, 72, 300, 400, 300);
			});
		}
		return document;
	}

	private static PDDocument vectorDocument() {
		PDDocument document = new PDDocument();
		PDPage page = new PDPage(PDRectangle.LETTER);
		document.addPage(page);
		Random shapes = new Random(1);
		draw(document, page, (content) -> {
			for (int i = 0; i < 400; i++) {
				content.setStrokingColor(shapes.nextFloat(), shapes.nextFloat(), shapes.nextFloat());
				content.moveTo(shapes.nextInt(612), shapes.nextInt(792));
				content.curveTo(shapes.nextInt(612), shapes.nextInt(792), shapes.nextInt(612), shapes.nextInt(792),
						shapes.nextInt(612), shapes.nextInt(792));
				content.stroke();
			}
		});
		return document;
	}

	private static void draw(PDDocument document, PDPage page, Drawing drawing) {
		try (PDPageContentStream content = new PDPageContentStream(document, page)) {
			drawing.draw(content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] save(PDDocument document, CompressParameters compression) {
		try (document; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			document.save(out, compression);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A named PDF, intact or not (never compared, so the array's identity equality does no harm). */
	record Sample(String name, byte[] bytes) {
	}

	@FunctionalInterface
	private interface Drawing {

		void draw(PDPageContentStream content) throws IOException;

	}

}
