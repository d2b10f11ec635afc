package io.pagewise.page.pdfbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.WeakHashMap;

import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.OTFParser;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.type1.Type1Font;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PDFBox's font mapper with every substitute font (the system font drawn for a font a PDF names but does not embed)
 * loaded once per thread. PDFBox hands the same FontBox font object to every document and thread, and FontBox's
 * fonts are not thread-safe (glyphs cached in unsynchronized maps and arrays, published without a memory barrier):
 * a newsletter with five non-embedded fonts that all map to one Liberation font was refused as unreadable once when
 * several render workers read it at the same time. A copy per render thread shares nothing; the threads live as
 * long as the pool, so each font is parsed a few times in all. Fonts larger than {@link #MAX_COPIED_BYTES} (CJK
 * collections) stay shared: a copy per thread would cost tens of megabytes each.
 */
final class ThreadLocalFonts implements FontMapper {

	private static final Logger logger = LoggerFactory.getLogger(ThreadLocalFonts.class);

	static final long MAX_COPIED_BYTES = 4 << 20;

	private final FontMapper shared;

	/** This thread's copies, by the shared font they copy (weakly: a font PDFBox's cache drops is dropped here). */
	private final ThreadLocal<Map<FontBoxFont, FontBoxFont>> copies = ThreadLocal.withInitial(WeakHashMap::new);

	ThreadLocalFonts(FontMapper shared) {
		this.shared = shared;
	}

	/** The mapper whose fonts are copied. */
	FontMapper shared() {
		return this.shared;
	}

	@Override
	public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, @Nullable PDFontDescriptor descriptor) {
		FontMapping<TrueTypeFont> mapping = this.shared.getTrueTypeFont(baseFont, descriptor);
		return (mapping.getFont() != null) ? new FontMapping<>(own(mapping.getFont()), mapping.isFallback())
				: mapping;
	}

	@Override
	public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, @Nullable PDFontDescriptor descriptor) {
		FontMapping<FontBoxFont> mapping = this.shared.getFontBoxFont(baseFont, descriptor);
		return (mapping.getFont() != null) ? new FontMapping<>(own(mapping.getFont()), mapping.isFallback())
				: mapping;
	}

	@Override
	public CIDFontMapping getCIDFont(String baseFont, @Nullable PDFontDescriptor descriptor,
			@Nullable PDCIDSystemInfo cidSystemInfo) {
		CIDFontMapping mapping = this.shared.getCIDFont(baseFont, descriptor, cidSystemInfo);
		OpenTypeFont font = mapping.getFont();
		FontBoxFont trueType = mapping.getTrueTypeFont();
		return new CIDFontMapping((font != null) ? own(font) : null, (trueType != null) ? own(trueType) : null,
				mapping.isFallback());
	}

	/** This thread's copy of {@code font}, made on first use; the shared font itself if it cannot be copied. */
	@SuppressWarnings("unchecked")
	<T extends FontBoxFont> T own(T font) {
		Map<FontBoxFont, FontBoxFont> mine = this.copies.get();
		FontBoxFont copy = mine.get(font);
		if (copy == null) {
			copy = copy(font);
			mine.put(font, copy);
		}
		return (T) copy;
	}

	private static FontBoxFont copy(FontBoxFont font) {
		try {
			if (font instanceof TrueTypeFont trueType && trueType.getOriginalDataSize() <= MAX_COPIED_BYTES) {
				byte[] data;
				// FontBox reads a font's bytes through one shared stream position.
				synchronized (trueType) {
					try (InputStream in = trueType.getOriginalData()) {
						data = in.readAllBytes();
					}
				}
				return (font instanceof OpenTypeFont) ? new OTFParser().parse(new RandomAccessReadBuffer(data))
						: new TTFParser().parse(new RandomAccessReadBuffer(data));
			}
			if (font instanceof Type1Font type1) {
				return Type1Font.createWithSegments(type1.getASCIISegment(), type1.getBinarySegment());
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("A substitute font ({}) could not be copied for this thread; it is shared ({})",
					font.getClass().getSimpleName(), ex.toString());
		}
		return font;
	}

}
