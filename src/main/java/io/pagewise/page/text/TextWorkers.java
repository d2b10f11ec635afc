package io.pagewise.page.text;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few low-priority threads that extract text layers, one document at a time each, with at most one extraction
 * per document in flight (later callers share it) and a bounded queue. Extraction stops at its time limit, and as
 * soon as its document is deleted.
 */
final class TextWorkers {

	private static final Logger logger = LoggerFactory.getLogger(TextWorkers.class);

	private final Documents documents;

	private final TextLayerFile file;

	private final TextExtractor extractor;

	private final Duration timeout;

	private final ThreadPoolExecutor executor;

	private final Map<DocumentId, Job> jobs = new ConcurrentHashMap<>();

	private final Timer timer;

	TextWorkers(Documents documents, TextLayerFile file, TextProperties properties, MeterRegistry registry) {
		this.documents = documents;
		this.file = file;
		this.extractor = new TextExtractor(properties.maxCharsPerPage());
		this.timeout = properties.documentTimeout();
		this.executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.queue()),
				Thread.ofPlatform().name("page-text-", 1).daemon(true).priority(Thread.MIN_PRIORITY).factory());
		this.executor.allowCoreThreadTimeOut(true);
		new ExecutorServiceMetrics(this.executor, "pagewise.text", List.of()).bindTo(registry);
		this.timer = Timer.builder("pagewise.text.extraction")
			.description("Extracting one document's text layer")
			.register(registry);
	}

	/**
	 * The document's extraction: the one in flight, or a new one queued; completes empty when the document is not
	 * stored, exceptionally with the {@link java.util.concurrent.RejectedExecutionException} of a full queue.
	 */
	CompletableFuture<Optional<DocumentText>> extraction(DocumentId id) {
		Job job = this.jobs.computeIfAbsent(id, Job::new);
		if (job.queued()) {
			return job.result;
		}
		try {
			this.executor.execute(() -> run(job));
		}
		catch (RuntimeException ex) {
			this.jobs.remove(id, job);
			job.result.completeExceptionally(ex);
		}
		return job.result;
	}

	/** Stops the document's extraction, if one is in flight, at its next page. */
	void cancel(DocumentId id) {
		Job job = this.jobs.get(id);
		if (job != null) {
			job.cancelled = true;
		}
	}

	private void run(Job job) {
		try {
			job.result.complete(this.timer.record(() -> extract(job)));
		}
		catch (RuntimeException | Error ex) {
			job.result.completeExceptionally(ex);
			if (ex instanceof Error error) {
				throw error;
			}
		}
		finally {
			this.jobs.remove(job.id, job);
		}
	}

	private Optional<DocumentText> extract(Job job) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Optional<TextExtractor.Extracted> extracted = this.documents.readPdf(job.id, (pdf) -> {
			try {
				return this.extractor.extract(pdf, () -> job.cancelled || System.nanoTime() - deadline > 0);
			}
			catch (IOException ex) {
				// Deleted while it was being opened: nothing to say.
				return job.cancelled ? new TextExtractor.Extracted(List.of(), false) : unreadable(job.id, ex);
			}
		});
		if (extracted.isEmpty() || job.cancelled || !this.file.write(job.id, extracted.get())) {
			// Not stored, or deleted meanwhile.
			return Optional.empty();
		}
		if (!extracted.get().complete()) {
			logger.warn("Text extraction of document {} stopped at its limit of {}", job.id, this.timeout);
		}
		return Optional.of(this.file.text(job.id, extracted.get()));
	}

	/**
	 * PDFBox rendered the document but cannot open it for its text now (it opened it to render it, so this is all but
	 * impossible): every page counts as textless rather than the document going missing from search.
	 */
	private TextExtractor.Extracted unreadable(DocumentId id, IOException ex) {
		logger.warn("No text layer for document {}: {}", id, ex.toString());
		int pages = this.documents.find(id).map(DocumentSummary::pageCount).orElse(0);
		return new TextExtractor.Extracted(Collections.nCopies(pages, ""), false);
	}

	/** Stops every extraction and the workers. */
	void shutdown() throws InterruptedException {
		this.jobs.values().forEach((job) -> job.cancelled = true);
		this.executor.shutdownNow();
		this.executor.awaitTermination(5, TimeUnit.SECONDS);
	}

	/** One document's extraction. */
	private static final class Job {

		private final DocumentId id;

		private final CompletableFuture<Optional<DocumentText>> result = new CompletableFuture<>();

		private volatile boolean cancelled;

		private boolean submitted; // guarded by this

		Job(DocumentId id) {
			this.id = id;
		}

		/** True if it was already queued; otherwise marks it queued (the caller queues it). */
		synchronized boolean queued() {
			boolean was = this.submitted;
			this.submitted = true;
			return was;
		}

	}

}
