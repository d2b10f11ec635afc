package io.pagewise.page.pdfbox;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdfparser.PDFParser;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Opens a stored PDF with the empty user password (so owner-only encryption just works), reading the file
 * through a page cache and buffering any new streams in temporary files rather than the heap. Documents under
 * a certificate (public-key) security handler are refused before PDFBox reaches for a crypto provider.
 */
public final class GuardedPdfParser extends PDFParser {

	private static final String PASSWORD_SECURITY = "Standard";

	private GuardedPdfParser(RandomAccessRead source) throws IOException {
		super(source, "", null, null, IOUtils.createTempFileOnlyStreamCache());
	}

	/** Parses {@code pdf}; the caller closes the document, which closes the file. */
	public static PDDocument open(Path pdf) throws IOException {
		RandomAccessReadBufferedFile source = new RandomAccessReadBufferedFile(pdf);
		boolean parsed = false;
		try {
			PDDocument document = new GuardedPdfParser(source).parse();
			parsed = true;
			return document;
		}
		finally {
			if (!parsed) {
				source.close();
			}
		}
	}

	@Override
	protected void prepareDecryption() throws IOException {
		COSDictionary encryption = this.document.getEncryptionDictionary();
		String handler = (encryption != null) ? encryption.getNameAsString(COSName.FILTER) : null;
		if (handler != null && !PASSWORD_SECURITY.equals(handler)) {
			throw new CertificateEncryptionException(handler);
		}
		super.prepareDecryption();
	}

	/** The PDF is encrypted for the holders of certain certificates; no password opens it. */
	public static final class CertificateEncryptionException extends IOException {

		CertificateEncryptionException(String handler) {
			super("The PDF is encrypted with the " + handler + " security handler");
		}

	}

}
