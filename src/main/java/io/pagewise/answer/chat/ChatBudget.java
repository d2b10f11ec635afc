package io.pagewise.answer.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

import io.pagewise.PagewiseException;
import io.pagewise.page.PageImage;
import org.springframework.http.HttpStatus;

/**
 * Keeps a chat request's serialized body under the upstream's limit: when the pages asked for would pass it,
 * each page larger than its share of the budget is re-encoded smaller; only when that is not enough are the
 * lowest-ranked pages left out. Hand-written: no library fits images to a JSON body's byte budget.
 */
final class ChatBudget {

	private final long maxBytes;

	private final ToLongFunction<List<PageImage>> bodySize;

	/**
	 * @param maxBytes the largest body allowed
	 * @param bodySize the serialized size of the request carrying the given pages
	 */
	ChatBudget(long maxBytes, ToLongFunction<List<PageImage>> bodySize) {
		this.maxBytes = maxBytes;
		this.bodySize = bodySize;
	}

	/** The pages to send, best first: all of them as they are when they fit. */
	Attachment fit(List<PageImage> pages) {
		if (this.bodySize.applyAsLong(pages) <= this.maxBytes) {
			return new Attachment(pages, false);
		}
		for (int count = pages.size(); count >= 1; count--) {
			Optional<List<PageImage>> smaller = shrink(pages.subList(0, count));
			if (smaller.isPresent()) {
				return new Attachment(smaller.get(), true);
			}
		}
		throw new PagewiseException(HttpStatus.UNPROCESSABLE_ENTITY, "chat-request-too-large",
				"Page too large for the chat model",
				"Even made smaller, page " + pages.get(0).number() + " does not fit in a chat request of "
						+ this.maxBytes + " bytes; raise pagewise.answer.max-request-bytes.");
	}

	/** Every page within an equal share of what the rest of the body leaves, if that fits. */
	private Optional<List<PageImage>> shrink(List<PageImage> pages) {
		long images = pages.stream().mapToLong(PageImage::dataUriLength).sum();
		long overhead = this.bodySize.applyAsLong(pages) - images;
		long share = (this.maxBytes - overhead) / pages.size();
		// A data URI is a short prefix and base64 (4 characters per 3 bytes).
		long maxJpegBytes = (share - "data:image/jpeg;base64,".length()) * 3 / 4;
		if (maxJpegBytes <= 0) {
			return Optional.empty();
		}
		List<PageImage> smaller = new ArrayList<>();
		for (PageImage page : pages) {
			Optional<PageImage> fitted = SmallerJpeg.of(page, maxJpegBytes);
			if (fitted.isEmpty()) {
				return Optional.empty();
			}
			smaller.add(fitted.get());
		}
		return (this.bodySize.applyAsLong(smaller) <= this.maxBytes) ? Optional.of(smaller) : Optional.empty();
	}

}
