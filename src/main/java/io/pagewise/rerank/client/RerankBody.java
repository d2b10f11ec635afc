package io.pagewise.rerank.client;

import java.util.List;

import io.pagewise.page.PageImage;
import org.springframework.util.Assert;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /v1/rerank} body for one model and query, and its exact size in bytes for any set of pages —
 * computed without serializing them, so batches can be packed against the upstream's body limit.
 * <p>
 * The size is measured, not estimated: the fixed part by serializing the request without documents (so the
 * query's JSON escaping counts exactly), the per-page part by serializing one image document with an empty URL
 * and adding the data URI's length (base64 needs no escaping), plus one comma between documents and the digits
 * of {@code top_n}.
 */
public final class RerankBody {

	/** A mapper of our own: the wire format must not change with the application's JSON settings. */
	private static final JsonMapper WIRE = JsonMapper.builder()
		.disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
		.disable(JsonWriteFeature.ESCAPE_NON_ASCII)
		.build();

	private final String model;

	private final String query;

	private final long fixedBytes;

	private final long documentOverhead;

	private RerankBody(String model, String query) {
		this.model = model;
		this.query = query;
		this.fixedBytes = WIRE.writeValueAsBytes(new RerankRequest(model, query, List.of(), 1)).length;
		this.documentOverhead = WIRE.writeValueAsBytes(ImageDocument.of("")).length;
	}

	public static RerankBody of(String model, String query) {
		return new RerankBody(model, query);
	}

	public String model() {
		return this.model;
	}

	/** Bytes one page adds to a request (not counting the comma that separates it from the previous one). */
	public long documentBytes(PageImage page) {
		return this.documentOverhead + page.dataUriLength();
	}

	/** Exact size of a request with {@code count} pages whose {@link #documentBytes} add up to the given sum. */
	public long size(int count, long documentBytes) {
		return this.fixedBytes + (digits(count) - 1) + documentBytes + Math.max(0, count - 1);
	}

	/** Exact size of a request carrying these pages. */
	public long size(List<PageImage> pages) {
		return size(pages.size(), pages.stream().mapToLong(this::documentBytes).sum());
	}

	/** The serialized request for these pages, every image as a content-parts object. */
	byte[] serialize(List<PageImage> pages) {
		List<ImageDocument> documents = pages.stream().map((page) -> ImageDocument.of(page.dataUri())).toList();
		byte[] json = WIRE.writeValueAsBytes(new RerankRequest(this.model, this.query, documents, pages.size()));
		Assert.state(json.length == size(pages), "Rerank body size prediction is off; batches could exceed the limit");
		return json;
	}

	private static int digits(int count) {
		return Integer.toString(count).length();
	}

}
