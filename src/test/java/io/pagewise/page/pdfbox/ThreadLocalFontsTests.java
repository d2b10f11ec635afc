package io.pagewise.page.pdfbox;

import java.awt.geom.Rectangle2D;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadLocalFontsTests {

	@Test
	void eachThreadGetsItsOwnCopyOfASubstituteFontDrawingTheSameGlyphs() throws Exception {
		FontMapper shared = FontMappers.instance() instanceof ThreadLocalFonts mine ? mine.shared() : FontMappers.instance();
		ThreadLocalFonts fonts = new ThreadLocalFonts(shared);
		TrueTypeFont original = shared.getTrueTypeFont("ArialMT", null).getFont();

		TrueTypeFont here = fonts.getTrueTypeFont("ArialMT", null).getFont();
		TrueTypeFont there;
		try (ExecutorService other = Executors.newSingleThreadExecutor()) {
			there = other.submit(() -> fonts.getTrueTypeFont("ArialMT", null).getFont()).get();
		}

		assertThat(here).isNotSameAs(original).isNotSameAs(there);
		assertThat(fonts.getTrueTypeFont("ArialMT", null).getFont()).as("again on this thread").isSameAs(here);
		assertThat(fonts.getTrueTypeFont("ArialMT", null).isFallback())
			.isEqualTo(shared.getTrueTypeFont("ArialMT", null).isFallback());
		assertThat(here.getName()).isEqualTo(original.getName());
		int gid = original.getUnicodeCmapLookup().getGlyphId('g');
		Rectangle2D expected = original.getGlyph().getGlyph(gid).getPath().getBounds2D();
		assertThat(here.getGlyph().getGlyph(gid).getPath().getBounds2D()).isEqualTo(expected);
		assertThat(there.getGlyph().getGlyph(gid).getPath().getBounds2D()).isEqualTo(expected);
	}

}
