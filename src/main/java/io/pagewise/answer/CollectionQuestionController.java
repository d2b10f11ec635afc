package io.pagewise.answer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Questions across a collection: rank the pages of its (filtered) documents, answer from the best ones. */
@RestController
@Tag(name = "Collection questions",
		description = "Rank the pages of a collection's documents and answer questions from the best ones")
// One 4XX entry, as the other controllers have: the 400 and 503 entries come from system.ProblemResponses.
@ApiResponse(responseCode = "4XX", description = "Invalid request or filter, unknown model (400 `invalid-request`, "
		+ "`invalid-filter`, `invalid-collection-name`, `unknown-model`, `question-too-long`); no such collection "
		+ "(404 `collection-not-found`)",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemDetail.class)))
class CollectionQuestionController {

	private static final String RETRIEVAL = """
			A metadata `filter` (and `documentIds`) picks the collection's documents; a filter that matches nothing \
			gives nothing. Up to `pagewise.collections.rerank-all-pages` (300) pages, every page is reranked \
			(`retriever: "exact"`); above, BM25 over the page texts picks `candidates` (100) pages plus pages \
			without text, and only those are reranked (`"lexical+rerank"`), so a question costs at most \
			ceil(candidates / pages per batch) rerank calls however large the collection.""";

	private static final String STREAM_EVENTS = """
			**Streaming:** send `Accept: text/event-stream`: `progress` `{"stage":"candidates"|"render"|"rank",\
			"done","total"}` (render counts documents), `ranking` `{"collection","rerankModel","retriever",\
			"ranking":[{"documentId","title","page","score","imageUrl"}]}`, `delta` `{"text"}`, `done` (the JSON \
			answer), or `error` (a problem with `code`). Request errors are ordinary problem responses.""";

	private static final String STREAM_EXAMPLE = """
			event:progress
			data:{"stage":"candidates","done":100,"total":100}

			event:progress
			data:{"stage":"rank","done":10,"total":10}

			event:ranking
			data:{"collection":"reports","rerankModel":"vultr/VultronRetrieverFlash-Qwen3.5-0.8B",\
			"retriever":"lexical+rerank","ranking":[{"documentId":"9f2c...","title":"Annual report 2024","page":33,\
			"score":4.59,"imageUrl":"/api/v1/documents/9f2c.../pages/33"}]}

			event:delta
			data:{"text":"Q3 revenue was $5.2 million (Annual report 2024, page 33)."}

			event:done
			data:{"collection":"reports","answer":"Q3 revenue was $5.2 million (Annual report 2024, page 33).",\
			"cached":false}

			""";

	private final Answers answers;

	CollectionQuestionController(Answers answers) {
		this.answers = answers;
	}

	@PostMapping(path = "/api/v1/collections/{name}/rankings", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Rank the pages of a collection's documents for a query (no answer)",
			description = RETRIEVAL + "\n\n`retriever: \"lexical\"` ranks by BM25 alone and needs no upstream key; "
					+ "while the upstream is not configured or unavailable, rankings are lexical with "
					+ "`degraded: true`.")
	@ApiResponse(responseCode = "200", description = "The best pages, best first",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = CollectionRanking.class)))
	CollectionRanking rank(@PathVariable String name, @Valid @RequestBody CollectionRankingRequest request) {
		return this.answers.rank(name, request);
	}

	@PostMapping(path = "/api/v1/collections/{name}/answers", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Answer a question from the best pages of a collection's documents",
			description = RETRIEVAL + "\n\nThe best `topPages` pages, from whichever documents, go to the vision "
					+ "chat model, each labelled with its document's title and page; citations name documentId, "
					+ "title and page. Needs the upstream (503 `upstream-not-configured` without a key). Not cached."
					+ "\n\n" + STREAM_EVENTS)
	@ApiResponse(responseCode = "200", description = "The answer, or (text/event-stream) its events",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = CollectionAnswer.class)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
							examples = @ExampleObject(name = "a question", value = STREAM_EXAMPLE)) })
	CollectionAnswer answer(@PathVariable String name, @Valid @RequestBody CollectionAnswerRequest request) {
		return this.answers.answer(name, request);
	}

	@PostMapping(path = "/api/v1/collections/{name}/answers", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(hidden = true) // documented with answer(): one operation with two response media types
	Flux<ServerSentEvent<Object>> answerStream(@PathVariable String name,
			@Valid @RequestBody CollectionAnswerRequest request) {
		return this.answers.stream(name, request);
	}

}
