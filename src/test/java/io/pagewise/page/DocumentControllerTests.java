package io.pagewise.page;

import java.util.List;

import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(DocumentController.class)
class DocumentControllerTests {

	private static final String ID = "a".repeat(64);

	private static final MockMultipartFile PDF = new MockMultipartFile("file", "a.pdf", "application/pdf",
			"%PDF-1.7".getBytes());

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private PageRenderer pages;

	@MockitoBean
	private Documents documents;

	@Test
	void uploadOfNewBytesIsCreatedWithLocation() throws Exception {
		given(this.pages.ingest(any())).willReturn(new PageRenderer.Ingested(summary(), true));
		this.mvc.perform(multipart("/api/v1/documents").file(PDF))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/v1/documents/" + ID))
			.andExpect(jsonPath("$.id").value(ID))
			.andExpect(jsonPath("$.pageCount").value(1))
			.andExpect(jsonPath("$.pages[0].imageUrl").value("/api/v1/documents/" + ID + "/pages/1"));
	}

	@Test
	void uploadOfKnownBytesIsOkWithoutLocation() throws Exception {
		given(this.pages.ingest(any())).willReturn(new PageRenderer.Ingested(summary(), false));
		this.mvc.perform(multipart("/api/v1/documents").file(PDF))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("Location"))
			.andExpect(jsonPath("$.id").value(ID));
	}

	@Test
	void uploadWithoutFilePartIsMissingFileProblem() throws Exception {
		this.mvc.perform(multipart("/api/v1/documents"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("missing-file"));
	}

	@Test
	void uploadOfNonPdfIsNotAPdfProblem() throws Exception {
		given(this.pages.ingest(any())).willThrow(new PagewiseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-a-pdf",
				"Not a PDF", "No PDF header"));
		expectProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-a-pdf");
	}

	@Test
	void uploadOfEmptyFileIsEmptyFileProblem() throws Exception {
		given(this.pages.ingest(any())).willThrow(new PagewiseException(HttpStatus.BAD_REQUEST, "empty-file", "Empty file",
				"The uploaded file is empty"));
		expectProblem(HttpStatus.BAD_REQUEST, "empty-file");
	}

	@Test
	void uploadOverTheMultipartLimitIs413Problem() throws Exception {
		given(this.pages.ingest(any())).willThrow(new MaxUploadSizeExceededException(1024));
		expectProblem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large");
	}

	@Test
	void renderFailuresKeepTheirCodeAndStatus() throws Exception {
		given(this.pages.ingest(any())).willThrow(new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT,
				"pdf-encrypted", "Encrypted PDF", "The PDF needs a password."));
		expectProblem(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-encrypted");
	}

	@Test
	void fullDiskIsInsufficientStorageProblem() throws Exception {
		given(this.pages.ingest(any()))
			.willThrow(new PagewiseException(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "Storage full",
					"No space left"));
		expectProblem(HttpStatus.INSUFFICIENT_STORAGE, "storage-full");
	}

	@Test
	void insufficientMemoryIs503WithRetryAfter() throws Exception {
		PagewiseException insufficientMemory = new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE,
				"insufficient-memory", "Not enough memory", "The service ran out of memory.", new OutOfMemoryError());
		insufficientMemory.getHeaders().set("Retry-After", "10");
		given(this.pages.ingest(any())).willThrow(insufficientMemory);
		expectProblem(HttpStatus.SERVICE_UNAVAILABLE, "insufficient-memory");
		this.mvc.perform(multipart("/api/v1/documents").file(PDF)).andExpect(header().string("Retry-After", "10"));
	}

	@Test
	void outOfMemoryNoFeatureMappedIs503InsufficientMemoryNot500() throws Exception {
		given(this.pages.ingest(any())).willThrow(new OutOfMemoryError("Java heap space"));
		expectProblem(HttpStatus.SERVICE_UNAVAILABLE, "insufficient-memory");
		this.mvc.perform(multipart("/api/v1/documents").file(PDF)).andExpect(header().string("Retry-After", "10"));
	}

	@Test
	void unexpectedFailureIsBland500WithoutItsMessage() throws Exception {
		given(this.pages.ingest(any())).willThrow(new IllegalStateException("secret-internal-detail"));
		this.mvc.perform(multipart("/api/v1/documents").file(PDF))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.code").value("internal-error"))
			.andExpect(content().string(not(containsString("secret-internal-detail"))));
	}

	@Test
	void malformedIdIsBadRequestAndNeverReachesTheStore() throws Exception {
		for (String bad : List.of("xyz", "A".repeat(64), "a".repeat(63), "..%2F..%2Fetc")) {
			this.mvc.perform(get("/api/v1/documents/{id}", bad))
				.andExpect(status().is4xxClientError())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		}
		this.mvc.perform(get("/api/v1/documents/{id}", "g".repeat(64)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-document-id"));
		verifyNoInteractions(this.pages, this.documents);
	}

	@Test
	void unknownDocumentIsNotFoundProblem() throws Exception {
		DocumentId id = DocumentId.of(ID);
		given(this.pages.summary(id)).willThrow(new PagewiseException(HttpStatus.NOT_FOUND, "document-not-found",
				"Document not found", "No document with id " + id));
		this.mvc.perform(get("/api/v1/documents/{id}", ID))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("document-not-found"));
	}

	@Test
	void pageImageIsJpegWithStrongEtagAndImmutableCaching() throws Exception {
		given(this.pages.page(DocumentId.of(ID), 1)).willReturn(new byte[] { (byte) 0xFF, (byte) 0xD8, 1 });
		String etag = this.mvc.perform(get("/api/v1/documents/{id}/pages/1", ID))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.IMAGE_JPEG))
			.andExpect(header().string("Cache-Control", containsString("immutable")))
			.andExpect(header().string("ETag", org.hamcrest.Matchers.matchesPattern("\"[0-9a-f]{32}\"")))
			.andReturn()
			.getResponse()
			.getHeader("ETag");
		this.mvc.perform(get("/api/v1/documents/{id}/pages/1", ID).header("If-None-Match", etag))
			.andExpect(status().isNotModified());
	}

	@Test
	void nonNumericPageIsBadRequestProblem() throws Exception {
		this.mvc.perform(get("/api/v1/documents/{id}/pages/first", ID))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-request"));
	}

	@Test
	void deleteIsNoContent() throws Exception {
		this.mvc.perform(delete("/api/v1/documents/{id}", ID)).andExpect(status().isNoContent());
	}

	private void expectProblem(HttpStatus status, String code) throws Exception {
		this.mvc.perform(multipart("/api/v1/documents").file(PDF))
			.andExpect(status().is(status.value()))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value(code))
			.andExpect(jsonPath("$.title").isNotEmpty());
	}

	private static DocumentSummary summary() {
		return new DocumentSummary(ID, 1, 8, List.of(new DocumentSummary.Page(1, 935, 1210, 60_000,
				DocumentSummary.imageUrl(DocumentId.of(ID), 1))));
	}

}
