package io.pagewise.page;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How pages become images.
 *
 * @param dpi the starting resolution before the pixel budget applies
 * @param maxPixels the most pixels (width × height) a page image may have
 * @param jpegQuality JPEG quality, 0–1
 * @param maxPages the most pages a document may have
 * @param pageTimeout the longest one page may take to render
 * @param threads render workers; 0 means one per core
 */
@Validated
@ConfigurationProperties("pagewise.render")
record RenderProperties(@DefaultValue("110") @Min(36) int dpi, @DefaultValue("1300000") @Min(10_000) long maxPixels,
		@DefaultValue("0.8") @DecimalMin("0.1") @DecimalMax("1.0") float jpegQuality,
		@DefaultValue("2000") @Min(1) int maxPages, @DefaultValue("30s") Duration pageTimeout,
		@DefaultValue("0") @Min(0) int threads) {
}
