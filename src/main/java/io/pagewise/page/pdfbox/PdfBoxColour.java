package io.pagewise.page.pdfbox;

/**
 * PDFBox's one colour setting that Pagewise configures ({@code pagewise.render.icc-profiles}). PDFBox offers it only
 * as a JVM-wide system property, read whenever it meets an ICC-based colour space, so it is written here, once, from
 * the render properties; Pagewise's own code never reads it back (the renderer is told the same setting through its
 * constructor).
 */
public final class PdfBoxColour {

	/** PDFBox reads ICC-based colour spaces as their alternate device colour space while this is set. */
	private static final String ALTERNATE_INSTEAD_OF_ICC = "org.apache.pdfbox.rendering.UseAlternateInsteadOfICCColorSpace";

	private PdfBoxColour() {
	}

	/**
	 * Sets how PDFBox reads ICC-based colour spaces for every document rendered from now on.
	 * @param iccProfiles through their embedded profiles (true) or as their alternate (false)
	 */
	public static void useIccProfiles(boolean iccProfiles) {
		if (iccProfiles) {
			System.clearProperty(ALTERNATE_INSTEAD_OF_ICC);
		}
		else {
			System.setProperty(ALTERNATE_INSTEAD_OF_ICC, "true");
		}
	}

}
