package io.pagewise.page;

import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartFile;

/**
 * Upload, inspect and delete documents; serve the page images the models see. Here, above {@code document}, because
 * an upload is stored and then rendered.
 */
@RestController
@RequestMapping("/api/v1/documents")
@Tag(name = "Documents", description = "Upload PDFs and fetch the page images the models see")
class DocumentController {

	private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic()
		.immutable();

	private final PageRenderer pages;

	private final Documents documents;

	DocumentController(PageRenderer pages, Documents documents) {
		this.pages = pages;
		this.documents = documents;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Upload a PDF",
			description = "Stores the PDF under its SHA-256 and renders every page. 201 for new bytes, "
					+ "200 when the same bytes were uploaded before (nothing is rendered again).")
	@ApiResponse(responseCode = "201", description = "Stored and rendered")
	@ApiResponse(responseCode = "200", description = "Already known")
	@ApiResponse(responseCode = "4XX", description = "Not a PDF, unreadable, encrypted, too many pages, too large",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<DocumentSummary> upload(@RequestPart("file") MultipartFile file) {
		PageRenderer.Ingested ingested = this.pages.ingest(file::getInputStream);
		DocumentSummary summary = ingested.summary();
		if (!ingested.created()) {
			return ResponseEntity.ok(summary);
		}
		return ResponseEntity.created(URI.create("/api/v1/documents/" + summary.id())).body(summary);
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A document's summary: page count and page images")
	DocumentSummary get(@PathVariable String id) {
		return this.pages.summary(DocumentId.of(id));
	}

	@GetMapping(path = "/{id}/pages/{page}", produces = MediaType.IMAGE_JPEG_VALUE)
	@Operation(summary = "The exact JPEG of one page (1-based), as sent to the models")
	@ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.IMAGE_JPEG_VALUE,
			schema = @Schema(type = "string", format = "binary")))
	ResponseEntity<byte[]> page(@PathVariable String id, @PathVariable int page, WebRequest request) {
		byte[] jpeg = this.pages.page(DocumentId.of(id), page);
		String etag = etag(jpeg);
		if (request.checkNotModified(etag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(IMMUTABLE).build();
		}
		return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).eTag(etag).cacheControl(IMMUTABLE).body(jpeg);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a document, its pages and every result cached for it")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.documents.delete(DocumentId.of(id));
		return ResponseEntity.noContent().build();
	}

	private static String etag(byte[] jpeg) {
		// A strong validator of the bytes themselves: a re-render with other settings gets a new tag.
		MessageDigest sha256 = DocumentId.newDigest();
		return "\"" + HexFormat.of().formatHex(sha256.digest(jpeg), 0, 16) + "\"";
	}

}
