package io.pagewise.page;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RenderPropertiesTests {

	@Test
	void imageIoIsUsedWhenConfigured() {
		RenderProperties imageIo = new RenderProperties(110, 1_300_000, 0.8f, 10, Duration.ofSeconds(1),
				Duration.ofSeconds(1), 1, null, RenderProperties.Encoder.IMAGEIO, false, DataSize.ofMegabytes(2));

		assertThat(imageIo.encoder().name()).isEqualTo("imageio");
	}

	@Test
	void glyphCacheSizeIsConfiguredLikeEveryOtherRenderSetting() {
		assertThat(bind(Map.of()).glyphCacheSize()).as("default").isEqualTo(DataSize.ofMegabytes(2));
		assertThat(bind(Map.of("pagewise.render.glyph-cache-size", "8MB")).glyphCacheSize())
			.isEqualTo(DataSize.ofMegabytes(8));
	}

	private static RenderProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("pagewise.render",
				RenderProperties.class);
	}

}
