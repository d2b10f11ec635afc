package io.pagewise.page.pdfbox;

import org.apache.pdfbox.pdmodel.font.FontMappers;

/**
 * The JVM-wide PDFBox settings Pagewise makes, applied once from the render properties when the renderer is built:
 * how ICC-based colours are read ({@code pagewise.render.icc-profiles}; PDFBox offers it only as a system property,
 * which Pagewise's own code never reads back: the renderer is told the same setting through its constructor), and
 * substitute fonts loaded per render thread ({@link ThreadLocalFonts}).
 */
public final class PdfBoxSettings {

	/** PDFBox reads ICC-based colour spaces as their alternate device colour space while this is set. */
	private static final String ALTERNATE_INSTEAD_OF_ICC = "org.apache.pdfbox.rendering.UseAlternateInsteadOfICCColorSpace";

	private PdfBoxSettings() {
	}

	/**
	 * Applies the settings for every document rendered from now on.
	 * @param iccProfiles whether ICC-based colour spaces go through their profiles (true) or are read as their
	 * alternate (false)
	 */
	public static synchronized void apply(boolean iccProfiles) {
		if (iccProfiles) {
			System.clearProperty(ALTERNATE_INSTEAD_OF_ICC);
		}
		else {
			System.setProperty(ALTERNATE_INSTEAD_OF_ICC, "true");
		}
		if (!(FontMappers.instance() instanceof ThreadLocalFonts)) {
			FontMappers.set(new ThreadLocalFonts(FontMappers.instance()));
		}
	}

}
