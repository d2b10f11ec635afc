package io.pagewise.page;

import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardedRendererTests {

	@Test
	void complexCurvedClipIsFlattenedWithinItsBounds() {
		GeneralPath clip = curves(300);
		var bounds = clip.getBounds2D();

		GuardedRenderer.flattenIfComplex(clip);

		assertThat(curveCount(clip)).isZero();
		assertThat(clip.getBounds2D().getWidth()).isCloseTo(bounds.getWidth(), org.assertj.core.data.Offset.offset(0.5));
		assertThat(clip.getWindingRule()).isEqualTo(GeneralPath.WIND_EVEN_ODD);
	}

	@Test
	void simpleClipIsLeftAlone() {
		GeneralPath clip = curves(20);

		GuardedRenderer.flattenIfComplex(clip);

		assertThat(curveCount(clip)).isEqualTo(20);
	}

	private static GeneralPath curves(int count) {
		GeneralPath path = new GeneralPath(GeneralPath.WIND_EVEN_ODD);
		path.moveTo(0, 0);
		for (int i = 0; i < count; i++) {
			path.curveTo(i, 50, i + 0.5, -50, i + 1, 0);
		}
		path.closePath();
		return path;
	}

	private static int curveCount(GeneralPath path) {
		int curves = 0;
		for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
			int type = it.currentSegment(new double[6]);
			if (type == PathIterator.SEG_CUBICTO || type == PathIterator.SEG_QUADTO) {
				curves++;
			}
		}
		return curves;
	}

}
