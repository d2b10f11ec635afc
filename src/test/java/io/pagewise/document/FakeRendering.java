package io.pagewise.document;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Stands in for the page feature in the document tests: stores three tiny fake pages through
 * {@link Documents#open}, as the page feature stores rendered ones, and counts how often it had to.
 */
final class FakeRendering {

	final AtomicInteger calls = new AtomicInteger();

	/** Runs with the local PDF before any page is stored. */
	Consumer<Path> beforePages = (pdf) -> {
	};

	/** Runs after the pages are stored, before the manifest. */
	Runnable afterPages = () -> {
	};

	/** Stores {@code pdf} and its pages. */
	DocumentSummary ingest(Documents documents, byte[] pdf) {
		return render(documents, documents.store(() -> new ByteArrayInputStream(pdf)).id());
	}

	/** Stores the pages of a stored document unless they are all there. */
	DocumentSummary render(Documents documents, DocumentId id) {
		try (PageWriter writer = documents.open(id)) {
			Optional<DocumentSummary> complete = writer.completed();
			if (complete.isPresent()) {
				return complete.get();
			}
			this.calls.incrementAndGet();
			this.beforePages.accept(writer.pdf());
			for (int page = 1; page <= 3; page++) {
				writer.write(page, 10, 20, jpeg(page));
			}
			this.afterPages.run();
			return writer.finish();
		}
	}

	static byte[] jpeg(int page) {
		return new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) page };
	}

}
