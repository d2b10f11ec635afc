package io.pagewise.page;

import java.time.Duration;

import io.pagewise.page.jpeg.JpegEncoder;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How pages become images.
 *
 * @param dpi the starting resolution before the pixel budget applies
 * @param maxPixels the most pixels (width × height) a page image may have
 * @param jpegQuality JPEG quality, 0–1
 * @param maxPages the most pages a document may have
 * @param pageTimeout the longest one page (or opening the PDF) may take to render
 * @param documentTimeout the longest a whole document may take from when its first worker starts; also the longest
 * it may wait for a free worker (then {@code render-unavailable})
 * @param threads render workers; 0 means one per core
 * @param maxImageBytes the most bytes one embedded image may decode to; unset means an eighth of the heap
 * @param jpegEncoder {@code auto}: libjpeg-turbo when it loads (Java 22+ and {@code libturbojpeg0}), else ImageIO;
 * {@code imageio}: always ImageIO
 * @param iccProfiles whether colours in ICC-based colour spaces go through their embedded profiles (LittleCMS: a
 * transform built per colour space and page, the largest cost of some documents, PDFBOX-4309); off, they are read as
 * the device colour space with as many components (the profile's alternate), as MuPDF does by default
 * @param glyphCacheSize the glyph masks kept per document (a byte per pixel), shared by its render workers
 */
@Validated
@ConfigurationProperties("pagewise.render")
record RenderProperties(@DefaultValue("110") @Min(36) int dpi, @DefaultValue("1300000") @Min(10_000) long maxPixels,
		@DefaultValue("0.8") @DecimalMin("0.1") @DecimalMax("1.0") float jpegQuality,
		@DefaultValue("2000") @Min(1) int maxPages, @DefaultValue("30s") Duration pageTimeout,
		@DefaultValue("5m") Duration documentTimeout, @DefaultValue("0") @Min(0) int threads,
		@Nullable DataSize maxImageBytes, @DefaultValue("auto") Encoder jpegEncoder,
		@DefaultValue("false") boolean iccProfiles, @DefaultValue("2MB") DataSize glyphCacheSize) {

	/** Which JPEG encoder pages are written with. */
	enum Encoder {

		AUTO, IMAGEIO

	}

	/** The number of render workers: {@link #threads()}, or one per core. */
	int parallelism() {
		return (this.threads > 0) ? this.threads : Runtime.getRuntime().availableProcessors();
	}

	/** The JPEG encoder this configuration asks for. */
	JpegEncoder encoder() {
		return (this.jpegEncoder == Encoder.IMAGEIO) ? JpegEncoder.imageIo(this.jpegQuality)
				: JpegEncoder.create(this.jpegQuality);
	}

	/** Bytes one image may decode to: with every worker at its limit, half the heap is still free. */
	long imageBytesBudget() {
		return (this.maxImageBytes != null) ? this.maxImageBytes.toBytes() : Runtime.getRuntime().maxMemory() / 8;
	}

}
