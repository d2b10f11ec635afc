package io.pagewise.page;

import java.io.IOException;

import io.pagewise.PagewiseException;
import io.pagewise.page.pdfbox.GuardedPdfParser;
import io.pagewise.page.pdfbox.GuardedRenderer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One render worker of a job: opens its own copy of the PDF (PDDocument is not thread-safe), then renders the
 * pages it claims from the job's shared counter until none are left. The first worker also validates the
 * document before any page is rendered. Each step (opening, one page) runs against a deadline the job watches.
 */
final class PageWorker implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(PageWorker.class);

	static final long NO_DEADLINE = Long.MAX_VALUE;

	private enum State {

		QUEUED, RUNNING, ABANDONED, DONE

	}

	private final RenderJob job;

	private final boolean first;

	private State state = State.QUEUED; // guarded by this

	private @Nullable Thread runner; // guarded by this

	private boolean lent; // guarded by this

	private volatile long stepDeadline = NO_DEADLINE;

	private volatile int step;

	PageWorker(RenderJob job, boolean first) {
		this.job = job;
		this.first = first;
	}

	@Override
	public void run() {
		if (!begin()) {
			return;
		}
		try {
			work();
		}
		catch (GuardedRenderer.Cancelled ex) {
			// The job has already failed; that failure is the answer.
		}
		catch (PagewiseException ex) {
			this.job.fail(ex);
		}
		catch (InvalidPasswordException | GuardedPdfParser.CertificateEncryptionException ex) {
			this.job.fail(RenderProblems.encrypted(ex));
		}
		catch (IOException ex) {
			unreadable(ex);
		}
		catch (RuntimeException ex) {
			// Hostile input makes PDFBox throw whatever its code trips over (IllegalStateException,
			// IndexOutOfBoundsException, ClassCastException, NullPointerException...): all mean "malformed PDF".
			unreadable(ex);
		}
		catch (OutOfMemoryError ex) {
			// Outside the painter's own catch (opening the PDF, loading a page's objects): as there, the heap gave
			// out on this document, and once this frame unwinds what it held is garbage; the document is refused.
			this.job.fail(RenderProblems.tooComplex(ex));
		}
		catch (StackOverflowError ex) {
			// Reference cycles and deep nesting (page trees, Type 3 glyphs, arrays) recurse until the stack ends;
			// the stack is unwound by now and nothing shared was left half-done.
			unreadable(ex);
		}
		finally {
			end();
		}
	}

	/** Refuses the document as unreadable, saying why in the log (the client only learns that it is). */
	private void unreadable(Throwable cause) {
		logger.info("{} refused as unreadable at step {} (0: opening, n: page n): {}", this.job.pdf(),
				this.step, cause.toString());
		logger.debug("Why {} is unreadable", this.job.pdf(), cause);
		this.job.fail(RenderProblems.unreadable(cause));
	}

	private void work() throws IOException {
		startStep(0);
		try (PDDocument document = GuardedPdfParser.open(this.job.pdf())) {
			if (this.first) {
				this.job.begin(document.getNumberOfPages());
			}
			GuardedRenderer renderer = new GuardedRenderer(document, this.job::failed, this.job.images(),
					this.job.glyphs(), this.job.painter().jpegDecoder(), this.job.iccAsAlternate());
			for (int index = this.job.claim(); index >= 0; index = this.job.claim()) {
				startStep(index + 1);
				PageImage page = this.job.painter().paint(document, renderer, index);
				this.stepDeadline = NO_DEADLINE;
				this.job.deliver(page);
			}
		}
		finally {
			this.stepDeadline = NO_DEADLINE;
		}
	}

	private void startStep(int step) {
		this.step = step;
		this.stepDeadline = System.nanoTime() + this.job.pageTimeoutNanos();
		this.job.changed();
	}

	/** The deadline of the current step (opening the PDF, or one page), or {@link #NO_DEADLINE}. */
	long stepDeadline() {
		return this.stepDeadline;
	}

	/** The page being rendered, 0 while opening the PDF. */
	int step() {
		return this.step;
	}

	private synchronized boolean begin() {
		if (this.state != State.QUEUED) {
			this.state = State.DONE;
			return false;
		}
		this.state = State.RUNNING;
		this.runner = Thread.currentThread();
		return true;
	}

	/** The job failed: stop as soon as PDFBox lets go, and have the pool lend a thread while this one is busy. */
	void abandon(RenderPool pool) {
		synchronized (this) {
			if (this.state == State.QUEUED) {
				this.state = State.ABANDONED;
				return;
			}
			if (this.state != State.RUNNING || this.runner == null || this.runner == Thread.currentThread()) {
				// Not started, already ending, or the worker that failed the job: nothing to stop.
				return;
			}
			this.state = State.ABANDONED;
			// Under the lock, so the interrupt can't reach a later task this thread runs.
			this.runner.interrupt();
			this.lent = pool.lend();
		}
	}

	private void end() {
		boolean reclaim;
		synchronized (this) {
			reclaim = this.lent;
			this.state = State.DONE;
			this.runner = null;
			Thread.interrupted();
		}
		if (reclaim) {
			this.job.pool().reclaim();
		}
		this.job.ended();
	}

}
