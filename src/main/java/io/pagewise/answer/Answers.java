package io.pagewise.answer;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.pagewise.PagewiseException;
import io.pagewise.answer.cache.ResultCache;
import io.pagewise.answer.chat.Attachment;
import io.pagewise.answer.chat.PageLabels;
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
import reactor.core.scheduler.Schedulers;

/**
 * Questions about a document or a collection, answered in one sequence of {@link Step}s: pages → ranking → best
 * pages → vision chat → answer with citations ({@link ChatStep}; for collections {@link CollectionQuestions}). A streamed answer sends every step as an event; a blocking one keeps the last. Results
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

	private final CollectionQuestions collections;

	Answers(Documents documents, CachedRankings rankings, VisionChat chat, ResultCaches caches,
			AnswerProperties properties, CollectionQuestions collections) {
		this.documents = documents;
		this.rankings = rankings;
		this.chat = chat;
		this.caches = caches;
		this.properties = properties;
		this.collections = collections;
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

	/**
	 * Ranks a stored document's pages for a query: by the reranker, or lexically when asked for, and (degraded)
	 * when the upstream is not configured or unavailable.
	 */
	public RankingResult rank(DocumentId id, RankingRequest request) {
		long start = System.nanoTime();
		String query = Question.text(request.query(), this.properties);
		Retriever wanted = Retriever.of(request.retriever());
		String model = this.rankings.model(request.model());
		if (wanted == Retriever.LEXICAL || !this.rankings.rerankerConfigured()) {
			return lexical(id, query, request.topN(), wanted != Retriever.LEXICAL, start);
		}
		return join(this.rankings.ranking(id, query, model).map((timed) -> {
			List<RankedPage> best = (request.topN() != null)
					? timed.ranking().pages().stream().limit(request.topN()).toList() : timed.ranking().pages();
			return new RankingResult(id.value(), query, model, citations(id, best), timed.ranking().pages().size(),
					timed.cached() ? 0 : timed.ranking().upstreamCalls(), timed.cached(),
					new Answer.Timings(timed.renderMs(), timed.rerankMs(), 0, millisSince(start)));
		}).onErrorResume(CollectionQuestions::upstreamUnavailable,
				(ex) -> Mono.fromCallable(() -> lexical(id, query, request.topN(), true, start))));
	}

	private RankingResult lexical(DocumentId id, String query, @Nullable Integer topN, boolean degraded, long start) {
		List<Answer.Citation> ranking = this.rankings.lexical(id, query);
		List<Answer.Citation> best = (topN != null) ? ranking.stream().limit(topN).toList() : ranking;
		return new RankingResult(id.value(), query, null, best, ranking.size(), 0, false,
				new Answer.Timings(0, 0, 0, millisSince(start)), Retriever.LEXICAL, degraded);
	}

	/** Ranks the pages of a collection's documents (those the request's filter selects) for a query. */
	public CollectionRanking rank(String collection, CollectionRankingRequest request) {
		return join(this.collections.rank(collection, request, Question.text(request.query(), this.properties)));
	}

	/** Answers a question from the best pages of a collection's documents (those the request's filter selects). */
	public CollectionAnswer answer(String collection, CollectionAnswerRequest request) {
		return join(this.collections.steps(collection, request, question(request.asQuestion()))
			.ofType(Step.CollectionDone.class)
			.last()
			.map(Step.CollectionDone::answer));
	}

	/** Streams the answer to a question over a collection as server-sent events, as {@link #stream} does. */
	public Flux<ServerSentEvent<Object>> stream(String collection, CollectionAnswerRequest request) {
		return AnswerEvents.of(this.collections.steps(collection, request, question(request.asQuestion())),
				this.properties.streamHeartbeat());
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
		return ChatStep.afterRanking(
				(progress) -> this.rankings.ranking(id, question.text(), question.rerankModel(), progress::accept),
				(ranking) -> answerSteps(id, question, ranking, start));
	}

	/**
	 * Ranking → the best pages' images, within the chat request's size limit → the chat model's answer as deltas →
	 * the answer, citing the pages the model saw.
	 */
	private Flux<Step> answerSteps(DocumentId id, Question question, CachedRankings.TimedRanking ranking,
			long start) {
		List<RankedPage> top = ranking.ranking().pages().stream().limit(question.topPages()).toList();
		Step ranked = new Step.Ranked(id.value(), question.rerankModel(), citations(id, ranking.ranking().pages()));
		return Flux.just(ranked)
			.concatWith(ChatStep.answer(this.chat, question, images(id, top), PageLabels.PAGE_NUMBERS,
					(outcome) -> new Step.Done(answer(id, question, ranking, seen(top, outcome.attachment()),
							outcome.completion(), outcome.chatMs(), start))));
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
			Seen seen, VisionChat.Completion completion, long chatMs, long start) {
		return new Answer(id.value(), question.text(), completion.text(), citations(id, seen.pages()),
				timed.ranking().pages().stream().map((p) -> new Answer.Scored(p.page(), p.score())).toList(),
				question.rerankModel(), question.chatModel(), false,
				new Answer.Usage(timed.ranking().tokens(), completion.promptTokens(), completion.completionTokens()),
				new Answer.Timings(timed.renderMs(), timed.rerankMs(), chatMs, millisSince(start)),
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
