package io.pagewise.rerank;

import java.util.ArrayList;
import java.util.List;

import io.pagewise.page.PageImage;
import io.pagewise.rerank.client.RerankBody;

/**
 * Packs pages, in arrival order, into batches whose serialized request stays strictly under the byte budget
 * (and within the page cap, if any). A batch is handed out as soon as it is known to be complete: when the next
 * page would not fit, when it reaches the page cap, or at the end. One planner per ranking, fed sequentially.
 */
final class BatchPlanner {

	private final RerankBody body;

	private final long limit;

	private final int maxPages;

	private List<PageImage> pending = new ArrayList<>();

	private long pendingBytes;

	/**
	 * @param limit every request body is strictly smaller than this many bytes
	 * @param maxPages the most pages per batch, 0 for no limit
	 */
	BatchPlanner(RerankBody body, long limit, int maxPages) {
		long fixed = body.size(0, 0);
		if (fixed >= limit) {
			throw RerankProblems.queryTooLong(fixed, limit);
		}
		this.body = body;
		this.limit = limit;
		this.maxPages = maxPages;
	}

	/** Adds the next page; returns the batch it completed, if any. */
	List<List<PageImage>> add(PageImage page) {
		long bytes = this.body.documentBytes(page);
		if (!fits(1, bytes)) {
			throw RerankProblems.pageTooLarge(page.number(), this.body.size(1, bytes), this.limit);
		}
		List<List<PageImage>> complete = new ArrayList<>(2);
		if (!this.pending.isEmpty() && !fits(this.pending.size() + 1, this.pendingBytes + bytes)) {
			complete.add(drain());
		}
		this.pending.add(page);
		this.pendingBytes += bytes;
		if (this.pending.size() == this.maxPages) {
			complete.add(drain());
		}
		return complete;
	}

	/** The last, partial batch, if any pages are left. */
	List<List<PageImage>> finish() {
		return this.pending.isEmpty() ? List.of() : List.of(drain());
	}

	private boolean fits(int count, long documentBytes) {
		return this.body.size(count, documentBytes) < this.limit;
	}

	private List<PageImage> drain() {
		List<PageImage> batch = List.copyOf(this.pending);
		this.pending = new ArrayList<>();
		this.pendingBytes = 0;
		return batch;
	}

}
