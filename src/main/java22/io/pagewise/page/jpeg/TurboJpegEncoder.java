package io.pagewise.page.jpeg;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import org.jspecify.annotations.Nullable;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libjpeg-turbo's TurboJPEG API (2.x, as Debian and Ubuntu ship it), called through the FFM API. It writes the
 * same baseline JPEG as {@link ImageIoJpegEncoder} — IJG tables scaled to the same quality, 4:2:0, accurate
 * DCT — with SIMD, several times faster. Compiled for Java 22, where the FFM API is final (the rest of the code
 * targets Java 21), and loaded reflectively by {@link JpegEncoder#turbo}.
 */
final class TurboJpegEncoder implements JpegEncoder {

	private static final int TJPF_BGR = 1;

	private static final int TJSAMP_420 = 2;

	private static final int TJFLAG_NOREALLOC = 1024;

	private static final int TJFLAG_ACCURATEDCT = 4096;

	/** Each render thread's output buffer (a page's worst-case JPEG, ~4 MB for 1.3 MP). */
	private static final ThreadLocal<@Nullable MemorySegment> OUTPUT = new ThreadLocal<>();

	private final int quality;

	private final MethodHandle init;

	private final MethodHandle compress;

	private final MethodHandle bufferSize;

	private final MethodHandle destroy;

	private final MethodHandle errorText;

	private TurboJpegEncoder(SymbolLookup library, float quality) {
		Linker linker = Linker.nativeLinker();
		this.quality = Math.round(quality * 100);
		this.init = linker.downcallHandle(TurboJpeg.find(library, "tjInitCompress"), FunctionDescriptor.of(ADDRESS));
		// Critical: TurboJPEG reads the page's pixels straight from the Java array (no copy), in one short call.
		this.compress = linker.downcallHandle(TurboJpeg.find(library, "tjCompress2"), FunctionDescriptor.of(JAVA_INT, ADDRESS,
				ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT),
				Linker.Option.critical(true));
		this.bufferSize = linker.downcallHandle(TurboJpeg.find(library, "tjBufSize"),
				FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
		this.destroy = linker.downcallHandle(TurboJpeg.find(library, "tjDestroy"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
		this.errorText = linker.downcallHandle(TurboJpeg.find(library, "tjGetErrorStr2"),
				FunctionDescriptor.of(ADDRESS, ADDRESS));
	}

	/** The encoder, or {@code null} when the library is not installed. Called by {@link JpegEncoder#turbo}. */
	static @Nullable JpegEncoder load(float quality) {
		SymbolLookup library = TurboJpeg.library();
		return (library != null) ? new TurboJpegEncoder(library, quality) : null;
	}

	@Override
	public byte[] encode(BufferedImage image) throws IOException {
		byte[] pixels = bgrPixels(image);
		int width = image.getWidth();
		int height = image.getHeight();
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment source = MemorySegment.ofArray(pixels);
			long capacity = (long) this.bufferSize.invokeExact(width, height, TJSAMP_420);
			// Worst case size, owned here (TurboJPEG must not reallocate it) and kept by the thread for its next page:
			// allocating and zeroing megabytes of native memory per page cost more than copying the result out.
			MemorySegment jpeg = outputBuffer(capacity);
			MemorySegment jpegAddress = arena.allocateFrom(ADDRESS, jpeg);
			MemorySegment jpegSize = arena.allocateFrom(JAVA_LONG, capacity);
			MemorySegment handle = (MemorySegment) this.init.invokeExact();
			if (handle.equals(MemorySegment.NULL)) {
				throw new IOException("libjpeg-turbo could not allocate a compressor");
			}
			try {
				int failed = (int) this.compress.invokeExact(handle, source, width, 3 * width, height, TJPF_BGR,
						jpegAddress, jpegSize, TJSAMP_420, this.quality, TJFLAG_NOREALLOC | TJFLAG_ACCURATEDCT);
				if (failed != 0) {
					throw new IOException("libjpeg-turbo failed: " + error(handle));
				}
				return jpeg.asSlice(0, jpegSize.get(JAVA_LONG, 0)).toArray(ValueLayout.JAVA_BYTE);
			}
			finally {
				int ignored = (int) this.destroy.invokeExact(handle);
			}
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** This thread's output buffer, at least {@code capacity} bytes; freed when the thread ends. */
	private static MemorySegment outputBuffer(long capacity) {
		MemorySegment buffer = OUTPUT.get();
		if (buffer == null || buffer.byteSize() < capacity) {
			buffer = Arena.ofAuto().allocate(capacity);
			OUTPUT.set(buffer);
		}
		return buffer;
	}

	@Override
	public String name() {
		return "libjpeg-turbo";
	}

	private String error(MemorySegment handle) throws Throwable {
		MemorySegment text = (MemorySegment) this.errorText.invokeExact(handle);
		return text.reinterpret(1024).getString(0);
	}

	/** The image's B, G, R bytes, row after row without padding: as rendered, or converted if it is not. */
	private static byte[] bgrPixels(BufferedImage image) {
		WritableRaster raster = image.getRaster();
		if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && raster.getParent() == null
				&& raster.getSampleModel() instanceof PixelInterleavedSampleModel model && model.getPixelStride() == 3
				&& model.getScanlineStride() == 3 * image.getWidth()
				&& raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getOffset() == 0
				&& buffer.getNumBanks() == 1) {
			return buffer.getData();
		}
		BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
		Graphics2D graphics = bgr.createGraphics();
		graphics.drawImage(image, 0, 0, null);
		graphics.dispose();
		return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
	}

}
