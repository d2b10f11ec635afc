package io.pagewise.page;

import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.pagewise.page.pdfbox.GlyphAtlas;
import io.pagewise.page.pdfbox.GuardedRenderer;
import io.pagewise.page.pdfbox.ImageBudget;
import org.jspecify.annotations.Nullable;

/**
 * Rendering one document: up to {@code parallelism} workers pull page indices from a shared counter and queue
 * each page as soon as it is encoded; the calling thread hands queued pages to the sink (so render threads never
 * wait for storage) and watches the deadlines. The first failure or missed deadline fails the job: no page
 * reaches the sink after that, and the remaining workers are cancelled (abandoned if PDFBox does not let go).
 */
final class RenderJob {

	private final Path pdf;

	private final PageSink sink;

	private final RenderProperties properties;

	private final RenderPool pool;

	private final PagePainter painter;

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

	private int delivered; // only the calling thread

	RenderJob(Path pdf, PageSink sink, RenderProperties properties, RenderPool pool, PagePainter painter) {
		this.pdf = pdf;
		this.sink = sink;
		this.properties = properties;
		this.pool = pool;
		this.painter = painter;
		this.images = new ImageBudget(properties.imageBytesBudget());
		// A byte per pixel of glyph mask.
		this.glyphs = new GlyphAtlas(properties.glyphCacheSize().toBytes());
		this.slots = new Semaphore(2 * pool.parallelism());
	}

	/** Renders every page, blocking the calling thread until done; returns the page count. */
	int run() {
		start(true);
		boolean watched = false;
		try {
			watch(System.nanoTime() + this.properties.documentTimeout().toNanos());
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
		if (this.delivered != this.pageCount) {
			throw new IllegalStateException(
					"Render workers ended after " + this.delivered + " of " + this.pageCount + " pages");
		}
		return this.pageCount;
	}

	private void watch(long documentDeadline) {
		try {
			while (handOver() && (this.running.get() > 0 || !this.encoded.isEmpty())) {
				PageWorker late = earliest();
				long deadline = (late != null) ? Math.min(late.stepDeadline(), documentDeadline) : documentDeadline;
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					fail((late == null || deadline == documentDeadline)
							? RenderProblems.documentTimeout(this.properties.documentTimeout())
							: RenderProblems.pageTimeout(late.step(), this.properties.pageTimeout()));
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

	/** Called by the first worker once the PDF is open, before any page renders. */
	void begin(int pages) {
		if (pages <= 0) {
			throw RenderProblems.noPages();
		}
		if (pages > this.properties.maxPages()) {
			throw RenderProblems.tooManyPages(pages, this.properties.maxPages());
		}
		this.pageCount = pages;
		this.sink.pageCount(pages);
		for (int i = 1; i < Math.min(this.pool.parallelism(), pages) && !failed(); i++) {
			start(false);
		}
	}

	/** The next page index to render (0-based), or -1 when there is none or the job failed. */
	int claim() {
		if (failed()) {
			return -1;
		}
		int index = this.nextPage.getAndIncrement();
		return (index < this.pageCount) ? index : -1;
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

}
