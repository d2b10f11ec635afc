package io.pagewise.page.text;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How each page's text layer is extracted.
 *
 * @param maxCharsPerPage characters kept per page (a dense page of prose holds 3,000–5,000); also bounds the memory
 * one page's extraction may take
 * @param minLetters a page with fewer letters (ideographs included) than this is textless: a scan or an image
 * @param documentTimeout the longest one document's extraction may take; the pages not reached by then stay empty
 * @param threads extraction workers, shared by all documents: few, so that extraction never competes with
 * rendering for the cores
 * @param queue documents waiting for a worker; beyond that, new documents get their text on first use
 */
@Validated
@ConfigurationProperties("pagewise.text")
record TextProperties(@DefaultValue("10000") @Min(100) int maxCharsPerPage, @DefaultValue("20") @Min(0) int minLetters,
		@DefaultValue("2m") Duration documentTimeout, @DefaultValue("1") @Min(1) int threads,
		@DefaultValue("1000") @Min(1) int queue) {

	static TextProperties defaults() {
		return new TextProperties(10_000, 20, Duration.ofMinutes(2), 1, 1000);
	}

}
