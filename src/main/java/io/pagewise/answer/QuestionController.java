package io.pagewise.answer;

import io.pagewise.document.DocumentId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
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
			**Streaming:** send `Accept: text/event-stream` to get server-sent events instead of one JSON body:

			| event | data | when |
			|---|---|---|
			| `progress` | `{"stage":"render","done":12,"total":60}` | a new document's pages rendering; `total` is \
			the page count, known as soon as the PDF is open |
			| `progress` | `{"stage":"rank","done":2,"total":null}` | batches of pages ranked; `total` is `null` \
			until every page is in a batch |
			| `ranking` | `{"documentId","rerankModel","ranking":[{"page","score","imageUrl"}]}` | once, as soon \
			as every page is scored, best first |
			| `delta` | `{"text":"Page 33 shows"}` | answer text as the model writes it (never its reasoning) |
			| `done` | the same JSON as without streaming | last event of an answer |
			| `error` | an RFC 9457 problem with `code` | last event of a failure; the stream then closes |

			A cached answer streams at once: `ranking`, one `delta`, `done`. While there is nothing else to send the \
			server sends a `:keep-alive` comment every few seconds. A client that hangs up cancels the chat call \
			it was waiting for (a ranking under way still completes, into the cache). Request errors (bad input, \
			unknown model) are ordinary problem responses, before any event.""";

	private static final String STREAM_EXAMPLE = """
			event:progress
			data:{"stage":"render","done":0,"total":60}

			event:progress
			data:{"stage":"render","done":1,"total":60}

			event:progress
			data:{"stage":"rank","done":5,"total":5}

			event:ranking
			data:{"documentId":"9f2c...","rerankModel":"vultr/VultronRetrieverFlash-Qwen3.5-0.8B",\
			"ranking":[{"page":33,"score":4.59,"imageUrl":"/api/v1/documents/9f2c.../pages/33"}]}

			event:delta
			data:{"text":"Page 33 "}

			event:delta
			data:{"text":"is the dark one."}

			event:done
			data:{"documentId":"9f2c...","answer":"Page 33 is the dark one.","cached":false}

			""";

	private final Answers answers;

	QuestionController(Answers answers) {
		this.answers = answers;
	}

	@PostMapping(path = "/api/v1/documents/{id}/answers", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Answer a question about a stored document, as JSON or as server-sent events",
			description = "Ranks every page for the question, sends the best page image(s) to the vision chat "
					+ "model and returns the answer with the pages it used. Identical questions are cached.\n\n"
					+ STREAM_EVENTS)
	@ApiResponse(responseCode = "200", description = "The answer, or (text/event-stream) its events",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Answer.class)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
							examples = @ExampleObject(name = "first question", value = STREAM_EXAMPLE)) })
	Answer answer(@PathVariable String id, @Valid @RequestBody AnswerRequest request) {
		return this.answers.answer(DocumentId.of(id), request);
	}

	@PostMapping(path = "/api/v1/documents/{id}/answers", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(hidden = true) // documented with answer(): one operation with two response media types
	Flux<ServerSentEvent<Object>> answerStream(@PathVariable String id, @Valid @RequestBody AnswerRequest request) {
		return this.answers.stream(DocumentId.of(id), request);
	}

	@PostMapping(path = "/api/v1/documents/{id}/rankings", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Rank a stored document's pages for a query (no answer)")
	@ApiResponse(responseCode = "200", description = "Every page's score, best first",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = RankingResult.class)))
	RankingResult rank(@PathVariable String id, @Valid @RequestBody RankingRequest request) {
		return this.answers.rank(DocumentId.of(id), request);
	}

	@PostMapping(path = "/api/v1/answers", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Upload a PDF and answer a question about it in one call, as JSON or as server-sent events",
			description = "Stores the PDF (like POST /api/v1/documents) and answers; on a new PDF the pages are "
					+ "ranked while later pages still render.\n\n" + STREAM_EVENTS)
	@ApiResponse(responseCode = "200", description = "The answer, or (text/event-stream) its events",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Answer.class)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
							examples = @ExampleObject(name = "first question", value = STREAM_EXAMPLE)) })
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
	@Operation(hidden = true) // documented with answerUpload(): one operation with two response media types
	Flux<ServerSentEvent<Object>> answerUploadStream(@RequestPart("file") MultipartFile file,
			@RequestParam String question, @RequestParam(required = false) @Nullable String model,
			@RequestParam(required = false) @Nullable String chatModel,
			@RequestParam(required = false) @Nullable Integer topPages) {
		return this.answers.stream(file::getInputStream, AnswerRequest.of(question, model, chatModel, topPages));
	}

}
