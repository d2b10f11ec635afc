package io.pagewise.answer;

import io.pagewise.document.DocumentId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import reactor.core.publisher.Flux;

/** Questions about documents: rank their pages, answer from the best ones. */
@RestController
@Tag(name = "Questions", description = "Rank a document's pages and answer questions from the best ones")
@ApiResponse(responseCode = "4XX", description = "Bad request, unknown document or model",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "5XX",
		description = "Upstream unavailable, timed out, rejected, not configured, or the answer was truncated",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemDetail.class)))
public class QuestionController {

	private static final String STREAM_EVENTS = """
			Send `Accept: text/event-stream`. Events, in order:
			`progress` `{"stage":"render"|"rank","done":n,"total":m|null}` while a new document renders and ranks;
			`ranking` `{"documentId","rerankModel","ranking":[{"page","score","imageUrl"}]}` as soon as the pages
			are ranked; `delta` `{"text"}` answer text as the model writes it; `done` the same JSON as the
			non-streaming answer; or `error` (an RFC 9457 problem with `code`), after which the stream closes.
			A cached answer streams at once (ranking, one delta, done).""";

	private final Answers answers;

	QuestionController(Answers answers) {
		this.answers = answers;
	}

	@PostMapping(path = "/api/v1/documents/{id}/answers", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Answer a question about a stored document",
			description = "Ranks every page for the question, sends the best page image(s) to the vision chat "
					+ "model and returns the answer with the pages it used. Identical questions are cached.")
	Answer answer(@PathVariable String id, @Valid @RequestBody AnswerRequest request) {
		return this.answers.answer(DocumentId.of(id), request);
	}

	@PostMapping(path = "/api/v1/documents/{id}/answers", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Answer a question about a stored document, streamed as server-sent events",
			description = STREAM_EVENTS)
	Flux<ServerSentEvent<Object>> answerStream(@PathVariable String id, @Valid @RequestBody AnswerRequest request) {
		return this.answers.stream(DocumentId.of(id), request);
	}

	@PostMapping(path = "/api/v1/documents/{id}/rankings", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Rank a stored document's pages for a query (no answer)")
	RankingResult rank(@PathVariable String id, @Valid @RequestBody RankingRequest request) {
		return this.answers.rank(DocumentId.of(id), request);
	}

	@PostMapping(path = "/api/v1/answers", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Upload a PDF and answer a question about it, in one call",
			description = "Stores the PDF (like POST /api/v1/documents) and answers; on a new PDF the pages are "
					+ "ranked while later pages still render.")
	Answer answerUpload(@RequestPart("file") MultipartFile file,
			@Parameter(description = "The question") @RequestParam String question,
			@Parameter(description = "Rerank model tier") @RequestParam(required = false) @Nullable String model,
			@Parameter(description = "Vision chat model") @RequestParam(required = false) @Nullable String chatModel,
			@Parameter(description = "Pages sent to the chat model, 1-5") @RequestParam(required = false)
			@Nullable Integer topPages) {
		return this.answers.answer(file::getInputStream, AnswerRequest.of(question, model, chatModel, topPages));
	}

	@PostMapping(path = "/api/v1/answers", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Upload a PDF and stream the answer to a question about it", description = STREAM_EVENTS)
	Flux<ServerSentEvent<Object>> answerUploadStream(@RequestPart("file") MultipartFile file,
			@RequestParam String question, @RequestParam(required = false) @Nullable String model,
			@RequestParam(required = false) @Nullable String chatModel,
			@RequestParam(required = false) @Nullable Integer topPages) {
		return this.answers.stream(file::getInputStream, AnswerRequest.of(question, model, chatModel, topPages));
	}

}
