package io.pagewise.answer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.pagewise.PagewiseException;
import io.pagewise.answer.cache.ResultCache;
import io.pagewise.answer.chat.Attachment;
import io.pagewise.answer.chat.VisionChat;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.Upload;
import io.pagewise.page.PageImage;
import io.pagewise.rerank.RankedPage;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Questions about documents, answered in one sequence of {@link Step}s: pages → ranking → best pages → vision chat
 * → answer with citations. A streamed answer sends every step as an event; a blocking one keeps the last. Results
 * are cached per document; a page image is never rendered twice. A blocking answer is waited for once, in
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
		return answer(id, question(request));
	}

	/** Stores an upload and answers a question about it; a new document's pages are ranked as they render. */
	public Answer answer(Upload upload, AnswerRequest request) {
		Question question = question(request);
		return answer(this.documents.store(upload).id(), question);
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

	/** Ranks a stored document's pages for a query. */
	public RankingResult rank(DocumentId id, RankingRequest request) {
		long start = System.nanoTime();
		String query = Question.text(request.query(), this.properties);
		String model = this.rankings.model(request.model());
		return join(this.rankings.ranking(id, query, model).map((timed) -> {
			List<RankedPage> best = (request.topN() != null)
					? timed.ranking().pages().stream().limit(request.topN()).toList() : timed.ranking().pages();
			return new RankingResult(id.value(), query, model, citations(id, best), timed.ranking().pages().size(),
					timed.cached() ? 0 : timed.ranking().upstreamCalls(), timed.cached(),
					new Answer.Timings(timed.renderMs(), timed.rerankMs(), 0, millisSince(start)));
		}));
	}

	/** The last step, through the cache: identical questions asked at once share one computation. */
	private Answer answer(DocumentId id, Question question) {
		long start = System.nanoTime();
		return join(this.caches.answer(question.key(id), () -> steps(id, question, start).ofType(Step.Done.class).last().map(Step.Done::answer))
			.map((lookup) -> lookup.cached() ? lookup.value().fromCache(question.text(), millisSince(start))
					: lookup.value()));
	}

	/** Every step as an event: a known answer replayed, or a new one as it is computed (then cached). */
	private Flux<ServerSentEvent<Object>> stream(DocumentId id, Question question) {
		long start = System.nanoTime();
		ResultCaches.AnswerKey key = question.key(id);
		Flux<Step> steps = this.caches.existingAnswer(key)
			.map((known) -> known.flatMapMany((answer) -> replay(answer.fromCache(question.text(), millisSince(start)))))
			.orElseGet(() -> fresh(id, question, key, start));
		return AnswerEvents.of(steps, this.properties.streamHeartbeat());
	}

	/** The steps of a new answer, cached when done unless the document was deleted meanwhile. */
	private Flux<Step> fresh(DocumentId id, Question question, ResultCaches.AnswerKey key, long start) {
		ResultCache.Generation since = this.caches.answerGeneration(id);
		return steps(id, question, start).doOnNext((step) -> {
			if (step instanceof Step.Done done) {
				this.caches.putAnswer(key, done.answer(), since);
			}
		});
	}

	/**
	 * The steps of a new answer: progress while pages render and rank (reported from render and rerank threads),
	 * then {@link #answerSteps}.
	 */
	private Flux<Step> steps(DocumentId id, Question question, long start) {
		Sinks.Many<Step> progress = Sinks.many().unicast().onBackpressureBuffer();
		Flux<Step> answer = this.rankings.ranking(id, question.text(), question.rerankModel(), (step) -> {
			synchronized (progress) {
				// A sink takes one signal at a time.
				progress.tryEmitNext(step);
			}
		}).flatMapMany((ranking) -> {
			progress.tryEmitComplete();
			return answerSteps(id, question, ranking, start);
		}).doOnTerminate(progress::tryEmitComplete);
		return Flux.merge(progress.asFlux(), answer);
	}

	/**
	 * Ranking → the best pages' images, within the chat request's size limit → the chat model's answer as deltas →
	 * the answer, citing the pages the model saw.
	 */
	private Flux<Step> answerSteps(DocumentId id, Question question, CachedRankings.TimedRanking ranking,
			long start) {
		List<RankedPage> top = ranking.ranking().pages().stream().limit(question.topPages()).toList();
		AtomicReference<Attachment> attached = new AtomicReference<>();
		List<VisionChat.Chunk> chunks = new ArrayList<>();
		long chatStart = System.nanoTime();
		Flux<Step> deltas = images(id, top)
			.map((images) -> this.chat.attach(question.chatModel(), question.text(), images))
			.flatMapMany((attachment) -> {
				attached.set(attachment);
				return this.chat.stream(question.chatModel(), question.text(), attachment);
			})
			.doOnNext(chunks::add)
			.filter((chunk) -> !chunk.text().isEmpty())
			.map((chunk) -> new Step.Delta(chunk.text()));
		Mono<Step> done = Mono.fromSupplier(() -> new Step.Done(answer(id, question, ranking,
				seen(top, attached.get()), VisionChat.Completion.of(chunks), chatStart, start)));
		Step ranked = new Step.Ranked(id.value(), question.rerankModel(), citations(id, ranking.ranking().pages()));
		return Flux.just(ranked).concatWith(deltas).concatWith(done);
	}

	/** The best pages that went to the chat model. */
	private static Seen seen(List<RankedPage> top, Attachment attachment) {
		Set<Integer> sent = attachment.pages().stream().map(PageImage::number).collect(Collectors.toSet());
		return new Seen(top.stream().filter((page) -> sent.contains(page.page())).toList(), attachment.reduced());
	}

	/** A finished answer as steps: its ranking, its text as one delta, done. */
	private static Flux<Step> replay(Answer answer) {
		DocumentId id = DocumentId.of(answer.documentId());
		List<Answer.Citation> ranking = answer.ranking()
			.stream()
			.map((scored) -> new Answer.Citation(scored.page(), scored.score(),
					DocumentSummary.imageUrl(id, scored.page())))
			.toList();
		return Flux.just(new Step.Ranked(answer.documentId(), answer.rerankModel(), ranking),
				new Step.Delta(answer.answer()), new Step.Done(answer));
	}

	private static Answer answer(DocumentId id, Question question, CachedRankings.TimedRanking timed,
			Seen seen, VisionChat.Completion completion, long chatStart, long start) {
		return new Answer(id.value(), question.text(), completion.text(), citations(id, seen.pages()),
				timed.ranking().pages().stream().map((p) -> new Answer.Scored(p.page(), p.score())).toList(),
				question.rerankModel(), question.chatModel(), false,
				new Answer.Usage(timed.ranking().tokens(), completion.promptTokens(), completion.completionTokens()),
				new Answer.Timings(timed.renderMs(), timed.rerankMs(), millisSince(chatStart), millisSince(start)),
				seen.reduced());
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
		return Question.of(request, this.properties, this.rankings::model);
	}

	/** The one place a blocking answer is waited for: on timeout the work is cancelled, not left running. */
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

	/** The ranked pages the chat model saw, and whether their images were made smaller to fit its request. */
	private record Seen(List<RankedPage> pages, boolean reduced) {
	}

}
