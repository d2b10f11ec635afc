package io.pagewise.upstream;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageHeaderTests {

	@Test
	void readsTheSizeOfAJpegFromItsFrameHeader() {
		assertThat(ImageHeader.size(TestPages.jpeg(200, 260, 0.5, 30))).containsExactly(200, 260);
	}

	@Test
	void readsTheSizeOfAPngFromItsHeaderChunk() throws Exception {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		ImageIO.write(new BufferedImage(31, 17, BufferedImage.TYPE_INT_RGB), "png", png);
		assertThat(ImageHeader.size(png.toByteArray())).containsExactly(31, 17);
	}

	@Test
	void refusesBytesThatAreNoImageOrEndBeforeTheFrameHeader() {
		byte[] jpeg = TestPages.jpeg(200, 260, 0.5, 30);
		assertThat(ImageHeader.size(new byte[] { 0, 1, 2, 3 })).isNull();
		assertThat(ImageHeader.size(Arrays.copyOf(jpeg, 20))).isNull();
		assertThat(ImageHeader.size("not an image at all, just text".getBytes())).isNull();
	}

}
