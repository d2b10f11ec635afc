package io.pagewise.page.text;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each page's text layer. Extracted once per document, after its pages are rendered (so never in the way of its
 * first answer), or on first use for documents stored before; kept in the document store beside the page images.
 */
@Service
public class PageTexts implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(PageTexts.class);

	/** Waiting for a worker counts too: a caller waits a little longer than one extraction may take. */
	private static final Duration QUEUE_ALLOWANCE = Duration.ofSeconds(30);

	private final TextLayerFile file;

	private final TextWorkers workers;

	private final Duration wait;

	PageTexts(Documents documents, TextProperties properties, JsonMapper json, MeterRegistry registry) {
		this.file = new TextLayerFile(documents, json, properties.minLetters());
		this.workers = new TextWorkers(documents, this.file, properties, registry);
		this.wait = properties.documentTimeout().plus(QUEUE_ALLOWANCE);
		documents.whenRendered(this::rendered);
	}

	/** The stored text layer, without extracting it. */
	public Optional<DocumentText> stored(DocumentId id) {
		return this.file.read(id);
	}

	/**
	 * The document's text layer, extracted now (on the text workers, waiting for them) if it is not stored yet.
	 * @throws PagewiseException {@code document-not-found} (404) for a document not stored, {@code text-unavailable}
	 * (503, with {@code Retry-After}) when the workers are too busy to extract it in time
	 */
	public DocumentText texts(DocumentId id) {
		return stored(id).orElseGet(() -> extracted(id));
	}

	/** Queues a newly rendered document's extraction; never fails the render that calls it. */
	private void rendered(DocumentId id) {
		this.workers.extraction(id).whenComplete((text, failure) -> {
			if (failure != null && !(failure instanceof RejectedExecutionException)) {
				logger.warn("Text extraction of document {} failed", id, failure);
			}
		});
	}

	@EventListener
	void deleted(Documents.DocumentDeleted event) {
		this.workers.cancel(event.id());
	}

	private DocumentText extracted(DocumentId id) {
		try {
			return this.workers.extraction(id)
				.get(this.wait.toMillis(), TimeUnit.MILLISECONDS)
				.orElseThrow(() -> notFound(id));
		}
		catch (TimeoutException ex) {
			throw unavailable(ex);
		}
		catch (ExecutionException | CompletionException ex) {
			if (ex.getCause() instanceof RejectedExecutionException rejected) {
				throw unavailable(rejected);
			}
			throw new IllegalStateException("Text extraction of " + id + " failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(ex);
		}
	}

	private static PagewiseException notFound(DocumentId id) {
		return new PagewiseException(HttpStatus.NOT_FOUND, "document-not-found", "Document not found",
				"No document with id " + id + " is stored here; upload it first.");
	}

	private PagewiseException unavailable(Exception cause) {
		PagewiseException problem = new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "text-unavailable",
				"Text layer not ready", "The document's text is still being extracted; try again shortly.", cause);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "10");
		return problem;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.workers.shutdown();
	}

}
