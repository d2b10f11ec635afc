package io.pagewise.page;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.PagewiseException;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PdfRasterizerTests {

	private static final long BUDGET = 1_300_000;

	static final DataSize GLYPH_CACHE = DataSize.ofMegabytes(2);

	@TempDir
	Path dir;

	private TestPdfs pdfs;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Pages pages = new Pages();

	private RenderPool pool;

	@BeforeEach
	void setUp() {
		this.pdfs = new TestPdfs(this.dir);
	}

	@AfterEach
	void shutDown() throws InterruptedException {
		if (this.pool != null) {
			this.pool.destroy();
		}
	}

	@Test
	void letterPageRendersAt110DpiWithinThePixelBudget() {
		int count = rasterizer(defaults()).rasterize(this.pdfs.letter("letter.pdf"), this.pages);

		assertThat(count).isEqualTo(1);
		Page page = this.pages.only();
		assertThat(page.number()).isEqualTo(1);
		assertThat(page.width()).isEqualTo(935);
		assertThat(page.height()).isEqualTo(1210);
		assertThat((long) page.width() * page.height()).isLessThanOrEqualTo(BUDGET);
	}

	@Test
	void hugePagesAreScaledDownToThePixelBudget() {
		Path a0 = this.pdfs.pages("a0.pdf", 1, PDRectangle.A0);
		Path square = this.pdfs.pages("square.pdf", 1, new PDRectangle(5000, 5000));
		PdfRasterizer rasterizer = rasterizer(defaults());

		rasterizer.rasterize(a0, this.pages);
		rasterizer.rasterize(square, this.pages);

		assertThat(this.pages.all()).hasSize(2).allSatisfy((page) -> {
			assertThat((long) page.width() * page.height()).isLessThanOrEqualTo(BUDGET).isGreaterThan(BUDGET * 99 / 100);
			assertThat(decode(page.jpeg()).getWidth()).isEqualTo(page.width());
		});
		assertThat(this.pages.all().get(1).width()).isEqualTo(this.pages.all().get(1).height());
	}

	@Test
	void quarterRotationSwapsWidthAndHeight() {
		rasterizer(defaults()).rasterize(this.pdfs.rotated("rotated.pdf", 90), this.pages);

		Page page = this.pages.only();
		assertThat(page.width()).isEqualTo(1210);
		assertThat(page.height()).isEqualTo(935);
		assertThat(decode(page.jpeg()).getWidth()).isEqualTo(1210);
	}

	@Test
	void cropBoxSmallerThanMediaBoxIsWhatRenders() {
		Path pdf = this.pdfs.cropped("cropped.pdf", new PDRectangle(0, 0, 300, 400));

		rasterizer(defaults()).rasterize(pdf, this.pages);

		Page page = this.pages.only();
		assertThat(page.width()).isEqualTo(458);
		assertThat(page.height()).isEqualTo(611);
		// The crop keeps the red square at the bottom left, now a third of the page wide.
		int rgb = decode(page.jpeg()).getRGB(20, 611 - 20);
		assertThat((rgb >> 16) & 0xff).isGreaterThan(200);
		assertThat((rgb >> 8) & 0xff).isLessThan(60);
	}

	@Test
	void outputIsAnRgbJpegThatImageIoDecodes() throws IOException {
		rasterizer(defaults()).rasterize(this.pdfs.letter("letter.pdf"), this.pages);

		byte[] jpeg = this.pages.only().jpeg();
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
			ImageReader reader = ImageIO.getImageReaders(in).next();
			assertThat(reader.getFormatName()).isEqualToIgnoringCase("jpeg");
		}
		BufferedImage image = decode(jpeg);
		assertThat(image.getColorModel().getNumComponents()).isEqualTo(3);
		assertThat(image.getColorModel().hasAlpha()).isFalse();
		int rgb = image.getRGB(20, 1210 - 20);
		assertThat((rgb >> 16) & 0xff).as("red").isGreaterThan(200);
		assertThat(rgb & 0xff).as("blue").isLessThan(60);
	}

	@Test
	void lowerJpegQualityGivesSmallerPages() {
		Path busy = this.pdfs.busy("busy.pdf");
		Pages low = new Pages();
		Pages high = new Pages();

		rasterizer(properties(0.3f, 2000, Duration.ofSeconds(30), Duration.ofMinutes(5), null)).rasterize(busy, low);
		rasterizer(properties(0.95f, 2000, Duration.ofSeconds(30), Duration.ofMinutes(5), null)).rasterize(busy, high);

		assertThat(low.only().jpeg().length).isLessThan(high.only().jpeg().length / 2);
	}

	@Test
	void userPasswordIsRefusedAsEncrypted() {
		Path pdf = this.pdfs.encrypted("locked.pdf", "owner", "user");

		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> rasterizer(defaults()).rasterize(pdf, this.pages))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("pdf-encrypted"))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(422));
		assertThat(this.pages.all()).isEmpty();
	}

	@Test
	void ownerOnlyEncryptionWithEmptyUserPasswordRenders() {
		Path pdf = this.pdfs.encrypted("restricted.pdf", "owner", "");

		assertThat(rasterizer(defaults()).rasterize(pdf, this.pages)).isEqualTo(1);
		assertThat(decode(this.pages.only().jpeg()).getWidth()).isEqualTo(935);
	}

	@Test
	void documentWithoutPagesIsRefused() {
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> rasterizer(defaults()).rasterize(this.pdfs.empty("empty.pdf"), this.pages))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("pdf-no-pages"));
	}

	@Test
	void tooManyPagesIsRefusedBeforeAnyPageRenders() {
		Path pdf = this.pdfs.pages("five.pdf", 5, PDRectangle.LETTER);

		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> rasterizer(properties(0.8f, 3, Duration.ofSeconds(30), Duration.ofMinutes(5), null))
				.rasterize(pdf, this.pages))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("too-many-pages"));
		assertThat(this.pages.all()).isEmpty();
		assertThat(this.registry.find("pagewise.render.page").timers()).allSatisfy((timer) -> assertThat(timer.count()).isZero());
	}

	@Test
	void garbageAfterAPdfHeaderIsUnreadable() {
		Path pdf = this.pdfs.bytes("garbage.pdf",
				"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));

		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> rasterizer(defaults()).rasterize(pdf, this.pages))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("pdf-unreadable"));
	}

	@Test
	void parallelRenderingDeliversEveryPageExactlyOnceOnTheCallingThread() {
		Path pdf = this.pdfs.pages("forty.pdf", 40, PDRectangle.A5);

		int count = rasterizer(properties(0.8f, 2000, Duration.ofSeconds(30), Duration.ofMinutes(5), null, 3))
			.rasterize(pdf, this.pages);

		assertThat(count).isEqualTo(40);
		Map<Integer, Long> deliveries = this.pages.all()
			.stream()
			.collect(Collectors.groupingBy(Page::number, Collectors.counting()));
		assertThat(deliveries).hasSize(40).allSatisfy((number, times) -> assertThat(times).isOne());
		assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
		// Render workers never wait for the sink (storage): the calling thread hands pages over.
		String caller = Thread.currentThread().getName();
		assertThat(this.pages.all()).allSatisfy((page) -> assertThat(page.thread()).isEqualTo(caller));
		assertThat(this.registry.get("pagewise.render.page").tag("outcome", "success").timer().count()).isEqualTo(40);
	}

	@Test
	void imageDecodingBeyondTheBudgetIsRefusedAsTooComplex() {
		Path pdf = this.pdfs.image("image.pdf", 1500);

		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> rasterizer(properties(0.8f, 2000, Duration.ofSeconds(30), Duration.ofMinutes(5),
					DataSize.ofMegabytes(1))).rasterize(pdf, this.pages))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("pdf-too-complex"));
		assertThat(rasterizer(defaults()).rasterize(pdf, this.pages)).as("within the default budget").isEqualTo(1);
	}

	@Test
	void iccBasedColourIsReadAsItsAlternateUnlessProfilesAreOn() {
		Path pdf = this.pdfs.linearGrey("linear-grey.pdf");
		try {
			rasterizer(defaults()).rasterize(pdf, this.pages);
			int alternate = decode(this.pages.only().jpeg()).getRGB(400, 500) & 0xff;
			this.pages.clear();
			RenderProperties profiles = new RenderProperties(110, BUDGET, 0.8f, 2000, Duration.ofSeconds(30),
					Duration.ofMinutes(5), 2, null, RenderProperties.Encoder.AUTO, true, GLYPH_CACHE);
			rasterizer(profiles).rasterize(pdf, this.pages);
			int profiled = decode(this.pages.only().jpeg()).getRGB(400, 500) & 0xff;

			assertThat(alternate).as("DeviceGray 0.5").isBetween(124, 132);
			assertThat(profiled).as("linear grey 0.5 through its profile").isBetween(180, 196);
		}
		finally {
			rasterizer(defaults());
		}
	}

	@Test
	void largeStencilMaskPaintsWhereItsSamplesAreBlack() {
		rasterizer(defaults()).rasterize(this.pdfs.stencil("stencil.pdf"), this.pages);

		BufferedImage image = decode(this.pages.only().jpeg());
		int painted = image.getRGB(200, 600);
		int through = image.getRGB(735, 600);
		assertThat((painted >> 16) & 0xff).as("red on the left").isGreaterThan(200);
		assertThat((painted >> 8) & 0xff).as("no green on the left").isLessThan(60);
		assertThat((through >> 8) & 0xff).as("white page on the right").isGreaterThan(200);
	}

	private RenderProperties defaults() {
		return properties(0.8f, 2000, Duration.ofSeconds(30), Duration.ofMinutes(5), null);
	}

	static RenderProperties properties(float quality, int maxPages, Duration pageTimeout, Duration documentTimeout,
			DataSize maxImageBytes) {
		return properties(quality, maxPages, pageTimeout, documentTimeout, maxImageBytes, 2);
	}

	static RenderProperties properties(float quality, int maxPages, Duration pageTimeout, Duration documentTimeout,
			DataSize maxImageBytes, int threads) {
		return new RenderProperties(110, BUDGET, quality, maxPages, pageTimeout, documentTimeout, threads,
				maxImageBytes, RenderProperties.Encoder.AUTO, false, GLYPH_CACHE);
	}

	private PdfRasterizer rasterizer(RenderProperties properties) {
		if (this.pool != null) {
			shutDownQuietly();
		}
		this.pool = new RenderPool(properties, this.registry);
		return new PdfRasterizer(properties, this.pool, this.registry);
	}

	private void shutDownQuietly() {
		try {
			this.pool.destroy();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static BufferedImage decode(byte[] jpeg) {
		try {
			return ImageIO.read(new ByteArrayInputStream(jpeg));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	record Page(int number, int width, int height, byte[] jpeg, String thread) {
	}

	/** A thread-safe sink that remembers every page and the thread that handed it over. */
	static final class Pages implements PageSink {

		private final ConcurrentLinkedQueue<Page> received = new ConcurrentLinkedQueue<>();

		@Override
		public void accept(int page, int width, int height, byte[] jpeg) {
			this.received.add(new Page(page, width, height, jpeg, Thread.currentThread().getName()));
		}

		List<Page> all() {
			return List.copyOf(this.received);
		}

		Page only() {
			assertThat(this.received).hasSize(1);
			return this.received.peek();
		}

		void clear() {
			this.received.clear();
		}

	}

}
