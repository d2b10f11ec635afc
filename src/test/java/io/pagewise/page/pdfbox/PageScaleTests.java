package io.pagewise.page.pdfbox;

import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PageScaleTests {

	private static final long BUDGET = 1_300_000;

	@ParameterizedTest(name = "{0}x{1} pt")
	@CsvSource({ "612, 792", "2384, 3370", "3370, 2384", "5000, 5000", "14400, 14400", "1, 100000", "100000, 0.5",
			"841.89, 1190.55", "0, 0" })
	void everyPageFitsThePixelBudget(float widthPt, float heightPt) {
		PageScale scale = PageScale.of(new PDRectangle(widthPt, heightPt), 0, 110, BUDGET);

		assertThat((long) scale.width() * scale.height()).isLessThanOrEqualTo(BUDGET);
		assertThat(scale.width()).isPositive();
		assertThat(scale.height()).isPositive();
	}

	@ParameterizedTest(name = "/Rotate {0}")
	@CsvSource({ "0, 935, 1210", "90, 1210, 935", "180, 935, 1210", "270, 1210, 935" })
	void quarterTurnsSwapWidthAndHeight(int rotation, int width, int height) {
		PageScale scale = PageScale.of(PDRectangle.LETTER, rotation, 110, BUDGET);

		assertThat(scale.width()).isEqualTo(width);
		assertThat(scale.height()).isEqualTo(height);
		assertThat(scale.factor()).isEqualTo(110 / 72f);
	}

}
