package io.pagewise.answer;

import java.util.List;
import java.util.Set;

import io.pagewise.PagewiseException;
import io.pagewise.answer.chat.PageLabels;
import io.pagewise.answer.chat.VisionChat;
import io.pagewise.inference.InferenceClient;
import io.pagewise.page.PageImage;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Questions across a collection, as the steps every answer has: filter → candidate pages → rerank (batches mixing
 * documents) → the best pages, from whichever documents, each labelled with its document's title and page → vision
 * chat → an answer citing document, title and page. Not cached: an answer depends on the collection's membership
 * and metadata as well as on the documents, and a cached one could outlive a member's deletion; the expensive part
 * that repeats (rendering) is stored per document anyway.
 */
@Component
class CollectionQuestions {

	/** Pages a collection ranking returns when the request names no {@code topN}. */
	private static final int DEFAULT_TOP_N = 10;

	/** Upstream failures after which a ranking is given lexically instead (marked degraded). */
	private static final Set<String> UPSTREAM_UNAVAILABLE = Set.of("upstream-unavailable", "upstream-not-configured");

	private final CollectionCandidates candidates;

	private final CollectionRanker ranker;

	private final LexicalRanker lexical;

	private final VisionChat chat;

	private final InferenceClient inference;

	CollectionQuestions(CollectionCandidates candidates, CollectionRanker ranker, LexicalRanker lexical,
			VisionChat chat, InferenceClient inference) {
		this.candidates = candidates;
		this.ranker = ranker;
		this.lexical = lexical;
		this.chat = chat;
		this.inference = inference;
	}

	/**
	 * The collection's best pages for a query. Lexical when asked for, and (degraded) when the upstream is not
	 * configured or unavailable. Request errors are thrown at once.
	 */
	Mono<CollectionRanking> rank(String collection, CollectionRankingRequest request, String query) {
		long start = System.nanoTime();
		Retriever wanted = Retriever.of(request.retriever());
		String model = this.ranker.model(request.model());
		int topN = (request.topN() != null) ? request.topN() : DEFAULT_TOP_N;
		boolean upstream = wanted != Retriever.LEXICAL && this.inference.configured();
		CollectionCandidates.Selection selection = this.candidates.select(collection, request.filter(),
				request.documentIds(), query, upstream ? wanted : Retriever.LEXICAL, request.candidates());
		if (selection.retriever() == Retriever.LEXICAL) {
			return Mono.fromCallable(() -> lexical(selection, query, topN, wanted != Retriever.LEXICAL, start));
		}
		return this.ranker.rank(query, model, selection.pages(), (progress) -> {
		}).map((ranked) -> new CollectionRanking(collection, query, selection.retriever(), false,
				selection.pagesInCollection(), selection.pages().size(), model, ranked.ranking().upstreamCalls(),
				ranked.ranking().tokens(), ranked.pages().stream().limit(topN).toList(),
				timings(selection, ranked, 0, start)))
			.onErrorResume(CollectionQuestions::upstreamUnavailable,
					(ex) -> Mono.fromCallable(() -> lexical(selection.lexical(), query, topN, true, start)));
	}

	/**
	 * The steps of an answer over a collection. Request errors (unknown collection, malformed filter, no upstream)
	 * are thrown at once; a filter that selects nothing ends in an answer saying so, without any upstream call.
	 */
	Flux<Step> steps(String collection, CollectionAnswerRequest request, Question question) {
		long start = System.nanoTime();
		this.inference.requireConfigured();
		CollectionCandidates.Selection selection = this.candidates.select(collection, request.filter(),
				request.documentIds(), question.text(), Retriever.AUTO, request.candidates());
		Step.Progress picked = new Step.Progress("candidates", selection.pages().size(), selection.pages().size());
		if (selection.pages().isEmpty()) {
			Step none = new Step.CollectionRanked(collection, question.rerankModel(), selection.retriever(), List.of());
			return Flux.just(picked, none, new Step.CollectionDone(nothingMatched(selection, question, start)));
		}
		return Flux.just((Step) picked)
			.concatWith(ChatStep.afterRanking(
					(progress) -> this.ranker.rank(question.text(), question.rerankModel(), selection.pages(),
							progress),
					(ranked) -> answerSteps(selection, question, ranked, start)));
	}

	/** Ranking → the best pages' images, labelled → the chat model's answer as deltas → the answer. */
	private Flux<Step> answerSteps(CollectionCandidates.Selection selection, Question question,
			CollectionRanker.Ranked ranked, long start) {
		List<CitedPage> top = ranked.pages().stream().limit(question.topPages()).toList();
		List<CandidatePage> pages = top.stream()
			.map((page) -> new CandidatePage(page.documentId(), page.title(), page.page()))
			.toList();
		PageLabels labels = (image) -> pages.get(image.number() - 1).label();
		Step ranking = new Step.CollectionRanked(selection.collection(), question.rerankModel(),
				selection.retriever(), ranked.pages());
		return Flux.just(ranking)
			.concatWith(ChatStep.answer(this.chat, question, this.ranker.images(pages), labels,
					(outcome) -> new Step.CollectionDone(answer(selection, question, ranked, top, outcome, start))));
	}

	private static CollectionAnswer answer(CollectionCandidates.Selection selection, Question question,
			CollectionRanker.Ranked ranked, List<CitedPage> top, ChatStep.Outcome outcome, long start) {
		List<CitedPage> seen = outcome.attachment()
			.pages()
			.stream()
			.map(PageImage::number)
			.map((number) -> top.get(number - 1))
			.toList();
		VisionChat.Completion completion = outcome.completion();
		return new CollectionAnswer(selection.collection(), question.text(), completion.text(), seen, ranked.pages(),
				selection.retriever(), selection.pagesInCollection(), selection.pages().size(),
				question.rerankModel(), question.chatModel(), false, outcome.attachment().reduced(),
				new Answer.Usage(ranked.ranking().tokens(), completion.promptTokens(), completion.completionTokens()),
				timings(selection, ranked, outcome.chatMs(), start));
	}

	private static CollectionAnswer nothingMatched(CollectionCandidates.Selection selection, Question question,
			long start) {
		String why = selection.documents().isEmpty()
				? "No document of collection " + selection.collection() + " matches the filter."
				: "No page of the matching documents of collection " + selection.collection()
						+ " holds the question's words, and none is without text.";
		return new CollectionAnswer(selection.collection(), question.text(), why, List.of(), List.of(),
				selection.retriever(), selection.pagesInCollection(), 0, question.rerankModel(), null, false, false,
				new Answer.Usage(0, 0, 0), new CollectionTimings(selection.elapsedMs(), 0, 0, 0,
						CachedRankings.millisSince(start)));
	}

	private CollectionRanking lexical(CollectionCandidates.Selection selection, String query, int topN,
			boolean degraded, long start) {
		List<CitedPage> ranking = this.lexical.collection(this.candidates.indexed(selection.documents()), query, topN);
		long ms = CachedRankings.millisSince(start);
		return new CollectionRanking(selection.collection(), query, Retriever.LEXICAL, degraded,
				selection.pagesInCollection(), (int) selection.pagesInCollection(), null, 0, 0, ranking,
				new CollectionTimings(ms, 0, 0, 0, ms));
	}

	private static CollectionTimings timings(CollectionCandidates.Selection selection, CollectionRanker.Ranked ranked,
			long chatMs, long start) {
		return new CollectionTimings(selection.elapsedMs(), ranked.renderMs(), ranked.rerankMs(), chatMs,
				CachedRankings.millisSince(start));
	}

	/** Whether a ranking failed because the upstream is out of reach (not because the request was wrong). */
	static boolean upstreamUnavailable(Throwable failure) {
		return failure instanceof PagewiseException problem && UPSTREAM_UNAVAILABLE.contains(problem.code());
	}

}
