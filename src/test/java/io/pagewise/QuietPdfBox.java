package io.pagewise;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.logging.LoggingSystem;

/**
 * Gives PDFBox and FontBox their log levels back after a test class that silenced them with
 * {@code logging.level.org.apache.pdfbox=off}: the level belongs to the JVM-wide logging system, not to the test's
 * application context, so without this every later test class would render with PDFBox's warnings (a skipped image,
 * a repaired file) silenced too.
 */
public final class QuietPdfBox implements AfterAllCallback {

	@Override
	public void afterAll(ExtensionContext context) {
		LoggingSystem logging = LoggingSystem.get(QuietPdfBox.class.getClassLoader());
		logging.setLogLevel("org.apache.pdfbox", null);
		logging.setLogLevel("org.apache.fontbox", null);
	}

}
