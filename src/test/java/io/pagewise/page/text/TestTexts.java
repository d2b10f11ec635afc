package io.pagewise.page.text;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.document.Documents;
import tools.jackson.databind.json.JsonMapper;

/** {@link PageTexts} with its default settings, for other features' tests. */
public final class TestTexts {

	private TestTexts() {
	}

	public static PageTexts of(Documents documents, MeterRegistry registry) {
		return new PageTexts(documents, TextProperties.defaults(), JsonMapper.builder().build(), registry);
	}

}
