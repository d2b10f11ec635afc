package io.pagewise.rerank;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import io.pagewise.page.PageImage;
import io.pagewise.rerank.client.RerankBody;

/**
 * Packs pages, in arrival order, into batches whose serialized request stays strictly under the byte budget
 * (and within the page cap, if any). A batch is handed out as soon as it is known to be complete: when the next
 * page would not fit, when it reaches the page cap, or at the end. One planner per ranking, fed sequentially.
 * <p>
 * The page cap may follow the upstream calls available when the first page arrives ({@link #evenShare}): a
 * 60-page document and 12 free calls make batches of 5 pages that are scored side by side and finish together,
 * rather than five full bodies that each take twelve pages' time while the other calls stay idle.
 */
final class BatchPlanner {

	private final RerankBody body;

	private final long limit;

	private final int maxPages;

	private final IntSupplier share;

	private int cap = -1;

	private List<PageImage> pending = new ArrayList<>();

	private long pendingBytes;

	/**
	 * @param limit every request body is strictly smaller than this many bytes
	 * @param maxPages the most pages per batch, 0 for no limit
	 */
	BatchPlanner(RerankBody body, long limit, int maxPages) {
		this(body, limit, maxPages, () -> 0);
	}

	/**
	 * @param share pages per batch for an even split, 0 for none; asked once, when the first page arrives (a
	 * document still rendering knows its page count by then)
	 */
	BatchPlanner(RerankBody body, long limit, int maxPages, IntSupplier share) {
		long fixed = body.size(0, 0);
		if (fixed >= limit) {
			throw RerankProblems.queryTooLong(fixed, limit);
		}
		this.body = body;
		this.limit = limit;
		this.maxPages = maxPages;
		this.share = share;
	}

	/** Pages per batch that spread {@code pages} pages evenly over {@code calls} calls; 0 when either is unknown. */
	static int evenShare(int pages, int calls) {
		return (pages <= 0 || calls <= 0) ? 0 : (pages + calls - 1) / calls;
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
		if (this.pending.size() == cap()) {
			complete.add(drain());
		}
		return complete;
	}

	/** The last, partial batch, if any pages are left. */
	List<List<PageImage>> finish() {
		return this.pending.isEmpty() ? List.of() : List.of(drain());
	}

	/** The page cap: the configured one, or the even share if smaller; 0 for none. */
	private int cap() {
		if (this.cap < 0) {
			int even = this.share.getAsInt();
			this.cap = (even > 0 && (this.maxPages == 0 || even < this.maxPages)) ? even : this.maxPages;
		}
		return this.cap;
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
