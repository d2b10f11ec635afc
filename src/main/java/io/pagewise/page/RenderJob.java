package io.pagewise.page;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

import io.pagewise.PagewiseException;
import io.pagewise.page.pdfbox.GlyphAtlas;
import io.pagewise.page.pdfbox.GuardedRenderer;
import io.pagewise.page.pdfbox.ImageBudget;
import org.jspecify.annotations.Nullable;

/**
 * Rendering one document: up to {@code workers} workers pull the pages wanted from a shared counter and queue
 * each page as soon as it is encoded; the calling thread hands queued pages to the sink (so render threads never
 * wait for storage) and watches the deadlines. The document's clock starts when its first worker starts, not while
 * it waits for one. The first failure or missed deadline fails the job: no page reaches the sink after that, and
 * the remaining workers are cancelled (abandoned if PDFBox does not let go). A failure that may lie in the document
 * or in the moment is a {@link Suspect}, for the caller to confirm by rendering that step again alone.
 */
final class RenderJob {

	private final Path pdf;

	private final PageSink sink;

	private final RenderProperties properties;

	private final RenderPool pool;

	private final PagePainter painter;

	/** The pages to render (1-based); the others are there already. */
	private final IntPredicate wanted;

	private final int maxWorkers;

	private final ImageBudget images;

	/** The glyph masks of this document, shared by its workers. */
	private final GlyphAtlas glyphs;

	private final List<PageWorker> workers = new CopyOnWriteArrayList<>();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger nextPage = new AtomicInteger();

	private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();

	/** Encoded pages waiting for the calling thread to hand them to the sink. */
	private final Queue<PageImage> encoded = new ConcurrentLinkedQueue<>();

	/** Bounds {@link #encoded}: a worker waits for a slot when storage is slower than rendering. */
	private final Semaphore slots;

	/** Wakes the calling thread when a page is encoded, a step starts, a worker ends or the job fails. */
	private final Semaphore changes = new Semaphore(0);

	private volatile int pageCount;

	/** The indices (0-based) of the pages to render, known once the PDF is open. */
	private volatile int[] todo = new int[0];

	/** When the first worker started (System.nanoTime), or 0 while the job waits for one. */
	private volatile long started;

	private int delivered; // only the calling thread

	RenderJob(Path pdf, PageSink sink, RenderProperties properties, RenderPool pool, PagePainter painter,
			IntPredicate wanted, int maxWorkers) {
		this.pdf = pdf;
		this.sink = sink;
		this.properties = properties;
		this.pool = pool;
		this.painter = painter;
		this.wanted = wanted;
		this.maxWorkers = maxWorkers;
		this.images = new ImageBudget(properties.imageBytesBudget());
		// A byte per pixel of glyph mask.
		this.glyphs = new GlyphAtlas(properties.glyphCacheSize().toBytes());
		this.slots = new Semaphore(2 * pool.parallelism());
	}

	/** Renders the wanted pages, blocking the calling thread until done; returns the document's page count. */
	int run() {
		start(true);
		boolean watched = false;
		try {
			watch(System.nanoTime());
			watched = true;
		}
		finally {
			if (!watched) {
				// The sink threw: stop the workers; the sink's exception is the answer.
				fail(new IllegalStateException("Page sink failed"));
			}
		}
		RuntimeException problem = this.failure.get();
		if (problem != null) {
			throw problem;
		}
		if (this.delivered != this.todo.length) {
			throw new IllegalStateException(
					"Render workers ended after " + this.delivered + " of " + this.todo.length + " pages");
		}
		return this.pageCount;
	}

	private void watch(long queued) {
		long timeout = this.properties.documentTimeout().toNanos();
		try {
			while (handOver() && (this.running.get() > 0 || !this.encoded.isEmpty())) {
				long started = this.started;
				// Waiting for a worker and rendering each have the document's time.
				long documentDeadline = ((started != 0) ? started : queued) + timeout;
				PageWorker late = earliest();
				long deadline = (late != null) ? Math.min(late.stepDeadline(), documentDeadline) : documentDeadline;
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					fail(timeout(late, deadline == documentDeadline, started != 0));
					return;
				}
				this.changes.tryAcquire(remaining, TimeUnit.NANOSECONDS);
				this.changes.drainPermits();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail(RenderProblems.unavailable(ex));
		}
	}

	/**
	 * A missed deadline is the document's fault only when the render pool ran nothing else: with other documents
	 * rendering (or waiting), the same pages may well be in time later, so the document is kept for that.
	 */
	private PagewiseException timeout(@Nullable PageWorker late, boolean wholeDocument, boolean started) {
		Duration limit = (late == null || wholeDocument) ? this.properties.documentTimeout()
				: this.properties.pageTimeout();
		if (!started) {
			return RenderProblems.saturated(limit);
		}
		if (this.pool.busyBeyond(this.running.get())) {
			return RenderProblems.unavailable("Rendering took longer than " + limit.toMillis()
					+ " ms while the service was busy with other documents.", null);
		}
		return (late == null || wholeDocument) ? RenderProblems.documentTimeout(limit)
				: RenderProblems.pageTimeout(late.step(), limit);
	}

	/** Hands every encoded page to the sink; false once the job has failed. */
	private boolean handOver() {
		for (PageImage page = this.encoded.poll(); page != null && !failed(); page = this.encoded.poll()) {
			this.slots.release();
			this.sink.accept(page.number(), page.width(), page.height(), page.jpeg());
			this.delivered++;
		}
		return !failed();
	}

	private @Nullable PageWorker earliest() {
		PageWorker earliest = null;
		for (PageWorker worker : this.workers) {
			if (worker.stepDeadline() != PageWorker.NO_DEADLINE
					&& (earliest == null || worker.stepDeadline() < earliest.stepDeadline())) {
				earliest = worker;
			}
		}
		return earliest;
	}

	private void start(boolean first) {
		PageWorker worker = new PageWorker(this, first);
		this.workers.add(worker);
		this.running.incrementAndGet();
		try {
			this.pool.execute(worker);
		}
		catch (RejectedExecutionException ex) {
			this.running.decrementAndGet();
			fail(RenderProblems.unavailable(ex));
		}
	}

	/** Called by the first worker when it starts: the document's clock starts now. */
	void started() {
		this.started = System.nanoTime();
		changed();
	}

	/** Called by the first worker once the PDF is open, before any page renders. */
	void begin(int pages) {
		if (pages <= 0) {
			throw RenderProblems.noPages();
		}
		if (pages > this.properties.maxPages()) {
			throw RenderProblems.tooManyPages(pages, this.properties.maxPages());
		}
		this.todo = java.util.stream.IntStream.range(0, pages).filter((index) -> this.wanted.test(index + 1)).toArray();
		this.pageCount = pages;
		this.sink.pageCount(pages);
		for (int i = 1; i < Math.min(this.maxWorkers, this.todo.length) && !failed(); i++) {
			start(false);
		}
	}

	/** The next page index to render (0-based), or -1 when there is none or the job failed. */
	int claim() {
		if (failed()) {
			return -1;
		}
		int[] todo = this.todo;
		int next = this.nextPage.getAndIncrement();
		return (next < todo.length) ? todo[next] : -1;
	}

	/** Called by a worker: queues an encoded page for the calling thread, waiting for a slot if need be. */
	void deliver(PageImage page) {
		try {
			while (!this.slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
				if (failed()) {
					throw new GuardedRenderer.Cancelled();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GuardedRenderer.Cancelled();
		}
		this.encoded.add(page);
		changed();
	}

	/** Fails the job with {@code problem} unless it already failed, and cancels the workers. */
	void fail(RuntimeException problem) {
		if (!this.failure.compareAndSet(null, problem)) {
			return;
		}
		for (PageWorker worker : this.workers) {
			worker.abandon(this.pool);
		}
		changed();
	}

	boolean failed() {
		return this.failure.get() != null;
	}

	void changed() {
		this.changes.release();
	}

	void ended() {
		this.running.decrementAndGet();
		changed();
	}

	Path pdf() {
		return this.pdf;
	}

	RenderPool pool() {
		return this.pool;
	}

	PagePainter painter() {
		return this.painter;
	}

	ImageBudget images() {
		return this.images;
	}

	GlyphAtlas glyphs() {
		return this.glyphs;
	}

	/** Whether PDFBox reads ICC-based colour spaces as their alternate (see {@link RenderProperties#iccProfiles()}). */
	boolean iccAsAlternate() {
		return !this.properties.iccProfiles();
	}

	long pageTimeoutNanos() {
		return this.properties.pageTimeout().toNanos();
	}

	/**
	 * A failure that may lie in the document or in the moment (an exception PDFBox tripped over, memory, a stack
	 * overflow): the caller renders the step again alone on a fresh parser to tell which.
	 */
	static final class Suspect extends RuntimeException {

		private final int step;

		private final PagewiseException problem;

		/**
		 * @param step the step that failed: 0 opening the PDF, n page n
		 * @param problem the answer if the step fails again alone
		 */
		Suspect(int step, PagewiseException problem, @Nullable Throwable cause) {
			super("Step " + step + " failed", cause, false, false);
			this.step = step;
			this.problem = problem;
		}

		int step() {
			return this.step;
		}

		PagewiseException problem() {
			return this.problem;
		}

	}

}
