package io.pagewise.page;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileSystemException;

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
		if (this.first) {
			this.job.started();
		}
		try {
			work();
		}
		catch (GuardedRenderer.Cancelled ex) {
			// The job has already failed; that failure is the answer.
		}
		catch (PagewiseException ex) {
			// Decided by the document alone: no pages, too many, an image over the budget.
			this.job.fail(ex);
		}
		catch (InvalidPasswordException | GuardedPdfParser.CertificateEncryptionException ex) {
			this.job.fail(RenderProblems.encrypted(ex));
		}
		catch (IOException ex) {
			if (isEnvironmental(ex)) {
				this.job.fail(RenderProblems.unavailable("Reading the PDF failed (" + ex.getClass().getSimpleName()
						+ ").", ex));
			}
			else {
				suspect(RenderProblems.unreadable(ex), ex);
			}
		}
		catch (RuntimeException ex) {
			// Hostile input makes PDFBox throw whatever its code trips over (IllegalStateException,
			// IndexOutOfBoundsException, ClassCastException, NullPointerException...), and so may a bug or a race.
			suspect(RenderProblems.unreadable(ex), ex);
		}
		catch (OutOfMemoryError ex) {
			// PDFBox decodes any stream whole (a JBIG2 content stream declaring a 100000² bitmap, say), despite
			// subsampling and the image budget; or other requests hold the heap. Once this frame unwinds what the
			// page held is garbage, so the heap has room again for the step to be tried alone.
			suspect(RenderProblems.tooComplex(ex), ex);
		}
		catch (StackOverflowError ex) {
			// Reference cycles and deep nesting (page trees, Type 3 glyphs, arrays) recurse until the stack ends;
			// the stack is unwound by now and nothing shared was left half-done.
			suspect(RenderProblems.unreadable(ex), ex);
		}
		finally {
			end();
		}
	}

	/**
	 * A failure that says nothing certain about the document yet: the job fails with a suspect, which the caller
	 * confirms (or not) by rendering this step again alone.
	 */
	private void suspect(PagewiseException problem, Throwable cause) {
		logger.info("{} failed at step {} (0: opening, n: page n): {}", this.job.pdf(), this.step, cause.toString());
		logger.debug("Why {} failed", this.job.pdf(), cause);
		this.job.fail(new RenderJob.Suspect(this.step, problem, cause));
	}

	/** I/O failures of the machine rather than of the bytes: no file handles, no disk space, interrupted. */
	private static boolean isEnvironmental(IOException ex) {
		if (ex instanceof FileSystemException || ex instanceof FileNotFoundException
				|| ex instanceof InterruptedIOException || ex instanceof ClosedChannelException) {
			return true;
		}
		String message = String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT);
		return message.contains("too many open files") || message.contains("no space left")
				|| message.contains("disk quota");
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
