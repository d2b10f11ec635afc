package io.pagewise.page.jpeg;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * libjpeg-turbo must be a faster encoder, not a different one: same size, same quantization tables (hence the same
 * quality), same chroma subsampling, baseline, and pixels as close to the page as ImageIO's.
 */
class JpegEncoderTests {

	/** Where Debian and Ubuntu install {@code libturbojpeg0}; CI installs it ({@code .ci/run}). */
	private static final List<Path> TURBO_LIBRARIES = List.of(Path.of("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0"),
			Path.of("/usr/lib/aarch64-linux-gnu/libturbojpeg.so.0"));

	private static final BufferedImage PAGE = page();

	@Test
	@EnabledIf("turboInstalled")
	void autoPicksLibjpegTurboWhereItIsInstalled() {
		assertThat(JpegEncoder.create(0.8f).name()).isEqualTo("libjpeg-turbo");
	}

	@Test
	@EnabledIf("turboInstalled")
	void libjpegTurboWritesTheSameBaselineJpegAsImageIo() throws IOException {
		byte[] turbo = JpegEncoder.turbo(0.8f).orElseThrow().encode(PAGE);
		byte[] imageIo = JpegEncoder.imageIo(0.8f).encode(PAGE);

		assertThat(Jpeg.of(turbo).width()).isEqualTo(PAGE.getWidth());
		assertThat(Jpeg.of(turbo).height()).isEqualTo(PAGE.getHeight());
		assertThat(Jpeg.of(turbo).frame()).as("baseline").isEqualTo(0xC0);
		assertThat(Jpeg.of(turbo).quantizationTables()).isEqualTo(Jpeg.of(imageIo).quantizationTables());
		assertThat(Jpeg.of(turbo).sampling()).isEqualTo(Jpeg.of(imageIo).sampling()).startsWith(0x22, 0x11, 0x11);
		assertThat(psnr(PAGE, decode(turbo))).isCloseTo(psnr(PAGE, decode(imageIo)), within(0.3)).isGreaterThan(30);
	}

	@Test
	@EnabledIf("turboInstalled")
	void libjpegTurboQualityFollowsTheSetting() throws IOException {
		byte[] low = JpegEncoder.turbo(0.3f).orElseThrow().encode(PAGE);
		byte[] imageIoLow = JpegEncoder.imageIo(0.3f).encode(PAGE);
		byte[] high = JpegEncoder.turbo(0.8f).orElseThrow().encode(PAGE);

		// ImageIO scales the tables in floating point, libjpeg in integers: an entry may differ by one.
		List<String> turboTables = Jpeg.of(low).quantizationTables();
		List<String> imageIoTables = Jpeg.of(imageIoLow).quantizationTables();
		assertThat(turboTables).hasSameSizeAs(imageIoTables);
		for (int table = 0; table < turboTables.size(); table++) {
			byte[] turbo = HexFormat.of().parseHex(turboTables.get(table));
			byte[] imageIo = HexFormat.of().parseHex(imageIoTables.get(table));
			for (int entry = 0; entry < turbo.length; entry++) {
				assertThat(turbo[entry] & 0xFF).isCloseTo(imageIo[entry] & 0xFF, within(1));
			}
		}
		assertThat(low.length).isLessThan(high.length);
		assertThat(psnr(PAGE, decode(low))).isLessThan(psnr(PAGE, decode(high)));
	}

	@Test
	@EnabledIf("turboInstalled")
	void libjpegTurboEncodesOtherImageTypesAsTheSamePixels() throws IOException {
		BufferedImage rgb = new BufferedImage(PAGE.getWidth(), PAGE.getHeight(), BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = rgb.createGraphics();
		graphics.drawImage(PAGE, 0, 0, null);
		graphics.dispose();
		JpegEncoder turbo = JpegEncoder.turbo(0.8f).orElseThrow();

		assertThat(turbo.encode(rgb)).isEqualTo(turbo.encode(PAGE));
	}

	@Test
	void imageIoWritesABaselineJpegOfThePage() throws IOException {
		byte[] jpeg = JpegEncoder.imageIo(0.8f).encode(PAGE);

		assertThat(Jpeg.of(jpeg).frame()).isEqualTo(0xC0);
		assertThat(decode(jpeg).getWidth()).isEqualTo(PAGE.getWidth());
		assertThat(psnr(PAGE, decode(jpeg))).isGreaterThan(30);
	}

	static boolean turboInstalled() {
		return Runtime.version().feature() >= 22 && TURBO_LIBRARIES.stream().anyMatch(Files::exists);
	}

	/** A letter page at 110 dpi, as rendered: text, rules, a gradient, a photo-like noisy area. */
	private static BufferedImage page() {
		BufferedImage page = new BufferedImage(935, 1210, BufferedImage.TYPE_3BYTE_BGR);
		Graphics2D graphics = page.createGraphics();
		graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		graphics.setColor(Color.WHITE);
		graphics.fillRect(0, 0, 935, 1210);
		graphics.setColor(Color.BLACK);
		graphics.setFont(new Font(Font.SERIF, Font.PLAIN, 15));
		for (int line = 0; line < 40; line++) {
			graphics.drawString("Quarterly revenue grew by " + line + "% over the same period last year.", 90,
					100 + 18 * line);
		}
		graphics.setPaint(new GradientPaint(90, 850, Color.BLUE, 845, 1100, Color.ORANGE));
		graphics.fillRect(90, 850, 380, 250);
		Random random = new Random(7);
		for (int y = 850; y < 1100; y++) {
			for (int x = 500; x < 845; x++) {
				int grey = 100 + random.nextInt(100);
				page.setRGB(x, y, new Color(grey, grey / 2, 255 - grey).getRGB());
			}
		}
		graphics.dispose();
		return page;
	}

	private static BufferedImage decode(byte[] jpeg) throws IOException {
		return ImageIO.read(new ByteArrayInputStream(jpeg));
	}

	/** Peak signal-to-noise ratio over all pixels and channels, in dB. */
	private static double psnr(BufferedImage original, BufferedImage decoded) {
		double squaredError = 0;
		for (int y = 0; y < original.getHeight(); y++) {
			for (int x = 0; x < original.getWidth(); x++) {
				int a = original.getRGB(x, y);
				int b = decoded.getRGB(x, y);
				for (int shift = 0; shift < 24; shift += 8) {
					int difference = ((a >> shift) & 0xFF) - ((b >> shift) & 0xFF);
					squaredError += difference * difference;
				}
			}
		}
		double meanSquaredError = squaredError / (3.0 * original.getWidth() * original.getHeight());
		return 10 * Math.log10(255.0 * 255.0 / meanSquaredError);
	}

	/** What a JPEG's headers say: frame type, size, quantization tables and sampling factors. */
	private record Jpeg(int frame, int width, int height, List<String> quantizationTables, List<Integer> sampling) {

		static Jpeg of(byte[] jpeg) {
			ByteBuffer bytes = ByteBuffer.wrap(jpeg);
			assertThat(bytes.getShort(0) & 0xFFFF).as("SOI").isEqualTo(0xFFD8);
			List<String> tables = new ArrayList<>();
			int at = 2;
			while (at + 4 <= jpeg.length) {
				int marker = bytes.getShort(at) & 0xFFFF;
				int length = bytes.getShort(at + 2) & 0xFFFF;
				if (marker == 0xFFDB) {
					// One or more tables: precision/id byte, then 64 (8-bit) values each.
					for (int table = at + 4; table < at + 2 + length; table += 65) {
						tables.add(HexFormat.of().formatHex(jpeg, table, table + 65));
					}
				}
				else if (marker >= 0xFFC0 && marker <= 0xFFC2) {
					List<Integer> sampling = new ArrayList<>();
					int components = bytes.get(at + 9) & 0xFF;
					for (int component = 0; component < components; component++) {
						sampling.add(bytes.get(at + 11 + 3 * component) & 0xFF);
					}
					return new Jpeg(marker & 0xFF, bytes.getShort(at + 7) & 0xFFFF, bytes.getShort(at + 5) & 0xFFFF,
							tables, sampling);
				}
				at += 2 + length;
			}
			throw new AssertionError("No frame header");
		}

	}

}
