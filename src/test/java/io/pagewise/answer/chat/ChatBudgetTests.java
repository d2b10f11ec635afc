package io.pagewise.answer.chat;

import java.io.ByteArrayInputStream;
import java.util.List;

import javax.imageio.ImageIO;

import io.pagewise.PagewiseException;
import io.pagewise.page.PageImage;
import io.pagewise.upstream.TestPages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Fitting a chat request's pages into its body limit. */
class ChatBudgetTests {

	/** Everything in a request but its images (instruction, labels, JSON structure). */
	private static final long OVERHEAD = 1_500;

	@Test
	void pagesThatFitAreSentAsTheyAre() {
		List<PageImage> pages = TestPages.document(2, 1);

		Attachment attachment = budget(1_000_000).fit(pages);

		assertThat(attachment.reduced()).isFalse();
		assertThat(attachment.pages()).isEqualTo(pages);
	}

	@Test
	void pagesTooLargeTogetherAreReEncodedSmallerAndAllSent() throws Exception {
		List<PageImage> pages = TestPages.document(5, 3);
		assertThat(size(pages)).isGreaterThan(1_000_000);

		Attachment attachment = budget(600_000).fit(pages);

		assertThat(attachment.reduced()).isTrue();
		assertThat(size(attachment.pages())).isLessThanOrEqualTo(600_000);
		assertThat(attachment.pages()).extracting(PageImage::number).containsExactly(1, 2, 3, 4, 5);
		for (PageImage page : attachment.pages()) {
			var image = ImageIO.read(new ByteArrayInputStream(page.jpeg()));
			assertThat(image.getWidth()).isEqualTo(page.width()).isLessThanOrEqualTo(TestPages.WIDTH);
			assertThat(image.getHeight()).isEqualTo(page.height());
		}
	}

	@Test
	void whenReEncodingIsNotEnoughTheLowestRankedPagesAreLeftOut() {
		List<PageImage> pages = TestPages.document(5, 3);

		Attachment attachment = budget(40_000).fit(pages);

		assertThat(attachment.reduced()).isTrue();
		assertThat(attachment.pages()).isNotEmpty().hasSizeLessThan(5);
		assertThat(attachment.pages()).extracting(PageImage::number)
			.isEqualTo(List.of(1, 2, 3, 4, 5).subList(0, attachment.pages().size()));
		assertThat(size(attachment.pages())).isLessThanOrEqualTo(40_000);
	}

	@Test
	void aBudgetNoPageCanFitIsAProblemNamingTheSetting() {
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> budget(3_000).fit(TestPages.document(2, 1)))
			.satisfies((ex) -> assertThat(ex.getBody().getProperties()).containsEntry("code", "chat-request-too-large"))
			.withMessageContaining("pagewise.answer.max-request-bytes");
	}

	private static ChatBudget budget(long maxBytes) {
		return new ChatBudget(maxBytes, ChatBudgetTests::size);
	}

	private static long size(List<PageImage> pages) {
		return OVERHEAD + pages.stream().mapToLong(PageImage::dataUriLength).sum();
	}

}
