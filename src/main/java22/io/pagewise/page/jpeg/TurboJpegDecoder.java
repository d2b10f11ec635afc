package io.pagewise.page.jpeg;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import org.jspecify.annotations.Nullable;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libjpeg-turbo's TurboJPEG decompressor (2.x), called through the FFM API, decoding straight into the pixels of a
 * {@link BufferedImage}, scaled in the DCT. Accurate DCT and fancy upsampling, as ImageIO (which PDFBox uses) does.
 * Anything short of a clean decode (an error or a warning) returns null, and PDFBox decodes the image its own way.
 */
final class TurboJpegDecoder implements JpegDecoder {

	private static final int TJPF_BGR = 1;

	private static final int TJPF_GRAY = 6;

	private static final int TJCS_RGB = 0;

	private static final int TJCS_YCBCR = 1;

	private static final int TJCS_GRAY = 2;

	private static final int TJFLAG_ACCURATEDCT = 4096;

	private final MethodHandle init;

	private final MethodHandle header;

	private final MethodHandle decompress;

	private final MethodHandle destroy;

	private TurboJpegDecoder(SymbolLookup library) {
		Linker linker = Linker.nativeLinker();
		this.init = linker.downcallHandle(TurboJpeg.find(library, "tjInitDecompress"), FunctionDescriptor.of(ADDRESS));
		// Critical: the JPEG is read from, and the pixels written to, Java arrays directly, in one short call each.
		this.header = linker.downcallHandle(TurboJpeg.find(library, "tjDecompressHeader3"), FunctionDescriptor.of(JAVA_INT,
				ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS), Linker.Option.critical(true));
		this.decompress = linker.downcallHandle(TurboJpeg.find(library, "tjDecompress2"), FunctionDescriptor.of(JAVA_INT,
				ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
				Linker.Option.critical(true));
		this.destroy = linker.downcallHandle(TurboJpeg.find(library, "tjDestroy"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
	}

	/** The decoder, or {@code null} when the library is not installed. Called by {@link JpegDecoder#turbo}. */
	static @Nullable JpegDecoder load() {
		SymbolLookup library = TurboJpeg.library();
		return (library != null) ? new TurboJpegDecoder(library) : null;
	}

	@Override
	public @Nullable BufferedImage decode(byte[] jpeg, int components, int denominator) {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment handle = (MemorySegment) this.init.invokeExact();
			if (handle.equals(MemorySegment.NULL)) {
				return null;
			}
			try {
				MemorySegment source = MemorySegment.ofArray(jpeg);
				MemorySegment width = arena.allocate(JAVA_INT);
				MemorySegment height = arena.allocate(JAVA_INT);
				MemorySegment subsampling = arena.allocate(JAVA_INT);
				MemorySegment colorspace = arena.allocate(JAVA_INT);
				if ((int) this.header.invokeExact(handle, source, (long) jpeg.length, width, height, subsampling,
						colorspace) != 0) {
					return null;
				}
				boolean grey = components == 1;
				int space = colorspace.get(JAVA_INT, 0);
				if (grey ? space != TJCS_GRAY : (space != TJCS_YCBCR && space != TJCS_RGB)) {
					return null;
				}
				// TJSCALED: the decompressor's size at a 1/denominator scaling factor, rounded up.
				int scaledWidth = (width.get(JAVA_INT, 0) + denominator - 1) / denominator;
				int scaledHeight = (height.get(JAVA_INT, 0) + denominator - 1) / denominator;
				BufferedImage image = new BufferedImage(scaledWidth, scaledHeight,
						grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
				byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
				int failed = (int) this.decompress.invokeExact(handle, source, (long) jpeg.length,
						MemorySegment.ofArray(pixels), scaledWidth, 0, scaledHeight, grey ? TJPF_GRAY : TJPF_BGR,
						TJFLAG_ACCURATEDCT);
				return (failed == 0) ? image : null;
			}
			finally {
				int ignored = (int) this.destroy.invokeExact(handle);
			}
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

}
