package io.pagewise.page.jpeg;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Finds libjpeg-turbo's TurboJPEG library (2.x, as Debian and Ubuntu ship it) and its functions. */
final class TurboJpeg {

	private static final List<String> LIBRARIES = List.of("libturbojpeg.so.0", System.mapLibraryName("turbojpeg"));

	private TurboJpeg() {
	}

	/** The library, or {@code null} when it is not installed. */
	static @Nullable SymbolLookup library() {
		for (String name : LIBRARIES) {
			try {
				return SymbolLookup.libraryLookup(name, Arena.global());
			}
			catch (IllegalArgumentException ex) {
				// Not found under this name; try the next.
			}
		}
		return null;
	}

	static MemorySegment find(SymbolLookup library, String symbol) {
		return library.find(symbol).orElseThrow(() -> new IllegalArgumentException("No " + symbol + " in TurboJPEG"));
	}

}
