package io.pagewise.answer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.pagewise.PagewiseException;
import io.pagewise.answer.cache.ResultKey;
import io.pagewise.answer.chat.VisionChat;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.Upload;
import io.pagewise.page.PageImage;
import io.pagewise.rerank.RankedPage;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Questions about documents: pages → ranking → best pages → vision chat → answer with citations. Results are
 * cached per document; a page image is never rendered twice. The reactive pipeline is joined once, in
 * {@link #join}, with a timeout.
 */
@Service
public class Answers {

	private final Documents documents;

	private final CachedRankings rankings;

	private final VisionChat chat;

	private final ResultCaches caches;

	private final AnswerProperties properties;

	Answers(Documents documents, CachedRankings rankings, VisionChat chat, ResultCaches caches,
			AnswerProperties properties) {
		this.documents = documents;
		this.rankings = rankings;
		this.chat = chat;
		this.caches = caches;
		this.properties = properties;
	}

	/** Answers a question about a stored document. */
	public Answer answer(DocumentId id, AnswerRequest request) {
		return join(answerMono(id, request));
	}

	/** Stores an upload and answers a question about it; a new document's pages are ranked as they render. */
	public Answer answer(Upload upload, AnswerRequest request) {
		Question question = question(request);
		return join(answerMono(this.documents.store(upload).id(), question));
	}

	/**
	 * Streams the answer to a question about a stored document as server-sent events (see {@link AnswerEvents}).
	 * Request errors are thrown before the stream starts; later failures end it with an {@code error} event.
	 * A client that goes away cancels the chat call; a ranking in progress completes into the cache.
	 */
	public Flux<ServerSentEvent<Object>> stream(DocumentId id, AnswerRequest request) {
		return stream(id, question(request));
	}

	/** Stores an upload and streams the answer to a question about it. */
	public Flux<ServerSentEvent<Object>> stream(Upload upload, AnswerRequest request) {
		Question question = question(request);
		return stream(this.documents.store(upload).id(), question);
	}

	private Flux<ServerSentEvent<Object>> stream(DocumentId id, Question question) {
		long start = System.nanoTime();
		ResultCaches.AnswerKey key = key(id, question);
		Optional<Mono<Answer>> known = this.caches.existingAnswer(key);
		if (known.isPresent()) {
			return known.get()
				.map((answer) -> answer.fromCache(question.text(), millisSince(start)))
				.flatMapMany((answer) -> AnswerEvents.replay(answer, withImages(id, answer.ranking())))
				// A joined computation may still fail: that failure is the stream's last event.
				.onErrorResume((ex) -> Mono.just(AnswerEvents.error(ex)));
		}
		Sinks.Many<ServerSentEvent<Object>> progress = Sinks.many().unicast().onBackpressureBuffer();
		Flux<ServerSentEvent<Object>> answer = this.rankings
			.ranking(id, question.text(), question.rerankModel(),
					(step) -> {
						synchronized (progress) {
							// Progress comes from render and rerank threads; a sink takes one signal at a time.
							progress.tryEmitNext(AnswerEvents.progress(step));
						}
					})
			.flatMapMany((timed) -> {
				progress.tryEmitComplete();
				return streamAnswer(id, question, key, timed, start);
			})
			.doOnTerminate(progress::tryEmitComplete);
		// The failure becomes the stream's last event: the response is committed, a problem body can't follow.
		Flux<ServerSentEvent<Object>> events = Flux.merge(progress.asFlux(), answer)
			.onErrorResume((ex) -> Mono.just(AnswerEvents.error(ex)));
		return AnswerEvents.withHeartbeat(events, this.properties.streamHeartbeat());
	}

	private Flux<ServerSentEvent<Object>> streamAnswer(DocumentId id, Question question, ResultCaches.AnswerKey key,
			CachedRankings.TimedRanking timed, long start) {
		List<RankedPage> top = timed.ranking().pages().stream().limit(question.topPages()).toList();
		StringBuilder text = new StringBuilder();
		AtomicReference<VisionChat.Chunk> last = new AtomicReference<>();
		long chatStart = System.nanoTime();
		Flux<ServerSentEvent<Object>> deltas = images(id, top)
			.flatMapMany((images) -> this.chat.stream(question.chatModel(), question.text(), images))
			.doOnNext((chunk) -> {
				text.append(chunk.text());
				last.set(chunk);
			})
			.filter((chunk) -> !chunk.text().isEmpty())
			.map((chunk) -> AnswerEvents.delta(chunk.text()));
		Mono<ServerSentEvent<Object>> done = Mono.fromSupplier(() -> {
			VisionChat.Completion completion = new VisionChat.Completion(text.toString().strip(),
					(last.get() != null) ? last.get().promptTokens() : 0,
					(last.get() != null) ? last.get().completionTokens() : 0);
			Answer answer = answer(id, question, timed, top, completion, chatStart, start);
			this.caches.putAnswer(key, answer);
			return AnswerEvents.done(answer);
		});
		return Flux.just(AnswerEvents.ranking(id.value(), question.rerankModel(),
				citations(id, timed.ranking().pages())))
			.concatWith(deltas)
			.concatWith(done);
	}

	private static List<Answer.Citation> withImages(DocumentId id, List<Answer.Scored> ranking) {
		return ranking.stream()
			.map((scored) -> new Answer.Citation(scored.page(), scored.score(),
					DocumentSummary.imageUrl(id, scored.page())))
			.toList();
	}

	/** Ranks a stored document's pages for a query. */
	public RankingResult rank(DocumentId id, RankingRequest request) {
		long start = System.nanoTime();
		String query = checkedText(request.query());
		String model = this.rankings.model(request.model());
		return join(this.rankings.ranking(id, query, model).map((timed) -> {
			List<RankedPage> best = (request.topN() != null)
					? timed.ranking().pages().stream().limit(request.topN()).toList() : timed.ranking().pages();
			return new RankingResult(id.value(), query, model, citations(id, best), timed.ranking().pages().size(),
					timed.cached() ? 0 : timed.ranking().upstreamCalls(), timed.cached(),
					new Answer.Timings(timed.renderMs(), timed.rerankMs(), 0, millisSince(start)));
		}));
	}

	private Mono<Answer> answerMono(DocumentId id, AnswerRequest request) {
		return answerMono(id, question(request));
	}

	private Mono<Answer> answerMono(DocumentId id, Question question) {
		long start = System.nanoTime();
		ResultCaches.AnswerKey key = key(id, question);
		return this.caches.answer(key, () -> compute(id, question, start))
			.map((lookup) -> lookup.cached() ? lookup.value().fromCache(question.text(), millisSince(start))
					: lookup.value());
	}

	private Mono<Answer> compute(DocumentId id, Question question, long start) {
		return this.rankings.ranking(id, question.text(), question.rerankModel()).flatMap((timed) -> {
			List<RankedPage> top = timed.ranking().pages().stream().limit(question.topPages()).toList();
			long chatStart = System.nanoTime();
			return images(id, top).flatMap((images) -> this.chat.answer(question.chatModel(), question.text(), images))
				.map((completion) -> answer(id, question, timed, top, completion, chatStart, start));
		});
	}

	private static Answer answer(DocumentId id, Question question, CachedRankings.TimedRanking timed,
			List<RankedPage> top, VisionChat.Completion completion, long chatStart, long start) {
		return new Answer(id.value(), question.text(), completion.text(), citations(id, top),
				timed.ranking().pages().stream().map((p) -> new Answer.Scored(p.page(), p.score())).toList(),
				question.rerankModel(), question.chatModel(), false,
				new Answer.Usage(timed.ranking().tokens(), completion.promptTokens(), completion.completionTokens()),
				new Answer.Timings(timed.renderMs(), timed.rerankMs(), millisSince(chatStart), millisSince(start)));
	}

	private static ResultCaches.AnswerKey key(DocumentId id, Question question) {
		return new ResultCaches.AnswerKey(id, question.rerankModel(), question.chatModel(),
				ResultKey.normalize(question.text()), question.topPages(), VisionChat.PROMPT_VERSION);
	}

	private Mono<List<PageImage>> images(DocumentId id, List<RankedPage> top) {
		return Mono.fromCallable(() -> {
			DocumentSummary summary = this.documents.summary(id);
			return top.stream().map((ranked) -> {
				DocumentSummary.Page page = summary.pages().get(ranked.page() - 1);
				return new PageImage(page.page(), page.width(), page.height(), this.documents.page(id, page.page()));
			}).toList();
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private static List<Answer.Citation> citations(DocumentId id, List<RankedPage> pages) {
		return pages.stream()
			.map((p) -> new Answer.Citation(p.page(), p.score(), DocumentSummary.imageUrl(id, p.page())))
			.toList();
	}

	private Question question(AnswerRequest request) {
		String chatModel = (request.chatModel() != null) ? request.chatModel() : this.properties.model();
		if (!this.properties.models().contains(chatModel)) {
			throw new PagewiseException(HttpStatus.BAD_REQUEST, "unknown-model", "Unknown chat model",
					"Chat model '" + chatModel + "' is not one of " + this.properties.models() + ".");
		}
		int topPages = (request.topPages() != null) ? request.topPages() : this.properties.topPages();
		if (topPages < 1 || topPages > 5) {
			throw invalid("topPages must be between 1 and 5.");
		}
		return new Question(checkedText(request.question()), this.rankings.model(request.model()), chatModel,
				topPages);
	}

	private String checkedText(@Nullable String text) {
		if (text == null || text.isBlank()) {
			throw invalid("The question must not be blank.");
		}
		if (text.length() > this.properties.maxQuestionLength()) {
			throw new PagewiseException(HttpStatus.BAD_REQUEST, "question-too-long", "Question too long",
					"A question may have at most " + this.properties.maxQuestionLength() + " characters.");
		}
		return text.strip();
	}

	private static PagewiseException invalid(String detail) {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
	}

	/** The one place the reactive pipeline is waited for: on timeout the work is cancelled, not left running. */
	private <T> T join(Mono<T> result) {
		Duration timeout = this.properties.requestTimeout();
		return result.timeout(timeout, Mono.error(() -> new PagewiseException(HttpStatus.GATEWAY_TIMEOUT,
				"answer-timeout", "Answer took too long",
				"No answer within " + timeout.toSeconds() + " s; try again later.")))
			.blockOptional()
			.orElseThrow(() -> new IllegalStateException("The answer pipeline completed without a result"));
	}

	private static long millisSince(long startNanos) {
		return CachedRankings.millisSince(startNanos);
	}

	private record Question(String text, String rerankModel, String chatModel, int topPages) {
	}

}
