package io.pagewise.page;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

class PageRendererTests {

	private static final DocumentId ID = DocumentId.of("a".repeat(64));

	private final Documents documents = mock(Documents.class);

	private final DocumentRenderer rendering = mock(DocumentRenderer.class);

	private final PageRenderer renderer = new PageRenderer(this.documents, this.rendering);

	PageRendererTests() {
		given(this.documents.page(eq(ID), anyInt())).willAnswer((call) -> jpeg(call.getArgument(1)));
	}

	@Test
	void storedDocumentEmitsItsPagesInOrderWithoutRendering() {
		given(this.documents.find(ID)).willReturn(Optional.of(summary(1, 2, 3)));

		StepVerifier.create(this.renderer.pages(ID))
			.assertNext((page) -> assertPage(page, 1))
			.assertNext((page) -> assertPage(page, 2))
			.assertNext((page) -> assertPage(page, 3))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		then(this.rendering).should(never()).render(any(), any());
	}

	@Test
	void newDocumentEmitsEachPageAsSoonAsItIsRendered() {
		CountDownLatch firstPageSeen = new CountDownLatch(1);
		given(this.documents.find(ID)).willReturn(Optional.empty());
		given(this.rendering.render(eq(ID), any())).willAnswer((call) -> {
			PageSink sink = call.getArgument(1);
			sink.accept(2, 800, 600, jpeg(2));
			// Rendering goes on only once the subscriber has the first page: it cannot have waited for the end.
			assertThat(firstPageSeen.await(10, TimeUnit.SECONDS)).isTrue();
			sink.accept(1, 800, 600, jpeg(1));
			return summary(1, 2);
		});

		StepVerifier.create(this.renderer.pages(ID))
			.assertNext((page) -> assertPage(page, 2))
			.then(firstPageSeen::countDown)
			.assertNext((page) -> assertPage(page, 1))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void pagesRenderedElsewhereAreEmittedFromTheStore() {
		given(this.documents.find(ID)).willReturn(Optional.empty());
		given(this.rendering.render(eq(ID), any())).willAnswer((call) -> {
			PageSink sink = call.getArgument(1);
			sink.accept(2, 800, 600, jpeg(2));
			// Pages 1 and 3 were rendered by a concurrent request and never pass through this sink.
			return summary(1, 2, 3);
		});

		StepVerifier.create(this.renderer.pages(ID).map(PageImage::number))
			.expectNext(2, 1, 3)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void renderFailureIsTheError() {
		PagewiseException encrypted = new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-encrypted",
				"Encrypted PDF", "Password needed");
		given(this.documents.find(ID)).willReturn(Optional.empty());
		given(this.rendering.render(eq(ID), any())).willThrow(encrypted);

		StepVerifier.create(this.renderer.pages(ID)).expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(encrypted))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void nothingRunsOnTheSubscribingThread() {
		Thread subscriber = Thread.currentThread();
		given(this.documents.find(ID)).willAnswer((call) -> {
			assertThat(Thread.currentThread()).isNotSameAs(subscriber);
			return Optional.of(summary(1));
		});

		StepVerifier.create(this.renderer.pages(ID)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
		then(this.documents).should().find(ID);
	}

	private static void assertPage(PageImage page, int number) {
		assertThat(page.number()).isEqualTo(number);
		assertThat(page.width()).isEqualTo(800);
		assertThat(page.height()).isEqualTo(600);
		assertThat(page.jpeg()).isEqualTo(jpeg(number));
	}

	private static byte[] jpeg(int page) {
		return new byte[] { (byte) 0xff, (byte) 0xd8, (byte) page };
	}

	private static DocumentSummary summary(int... pages) {
		List<DocumentSummary.Page> list = java.util.Arrays.stream(pages)
			.mapToObj((page) -> new DocumentSummary.Page(page, 800, 600, 3, DocumentSummary.imageUrl(ID, page)))
			.toList();
		return new DocumentSummary(ID.value(), list.size(), 1000, list);
	}

}
