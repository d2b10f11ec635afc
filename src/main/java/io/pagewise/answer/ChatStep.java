package io.pagewise.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.pagewise.answer.chat.Attachment;
import io.pagewise.answer.chat.PageLabels;
import io.pagewise.answer.chat.VisionChat;
import io.pagewise.page.PageImage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The steps every answer shares, for one document or a collection: progress while pages are ranked, then the best
 * pages' images, fitted to the chat request's size limit, streamed through the vision chat as deltas, then the
 * answer built from what the model saw and said.
 */
final class ChatStep {

	private ChatStep() {
	}

	/**
	 * Progress steps (reported from render and rerank threads) until {@code ranking} completes, then the steps
	 * {@code then} makes of its result.
	 */
	static <R> Flux<Step> afterRanking(Function<java.util.function.Consumer<Step.Progress>, Mono<R>> ranking,
			Function<R, Flux<Step>> then) {
		return Flux.defer(() -> {
			Sinks.Many<Step> progress = Sinks.many().unicast().onBackpressureBuffer();
			Flux<Step> rest = ranking.apply((step) -> {
				synchronized (progress) {
					// A sink takes one signal at a time.
					progress.tryEmitNext(step);
				}
			}).flatMapMany((ranked) -> {
				progress.tryEmitComplete();
				return then.apply(ranked);
			}).doOnTerminate(progress::tryEmitComplete);
			return Flux.merge(progress.asFlux(), rest);
		});
	}

	/** The chat model's answer about {@code images} as deltas, then {@code done} of the outcome. */
	static Flux<Step> answer(VisionChat chat, Question question, Mono<List<PageImage>> images, PageLabels labels,
			Function<Outcome, Step> done) {
		return Flux.defer(() -> {
			AtomicReference<Attachment> attached = new AtomicReference<>();
			List<VisionChat.Chunk> chunks = new ArrayList<>();
			long chatStart = System.nanoTime();
			Flux<Step> deltas = images
				.map((pages) -> chat.attach(question.chatModel(), question.text(), pages, labels))
				.flatMapMany((attachment) -> {
					attached.set(attachment);
					return chat.stream(question.chatModel(), question.text(), attachment);
				})
				.doOnNext(chunks::add)
				.filter((chunk) -> !chunk.text().isEmpty())
				.map((chunk) -> new Step.Delta(chunk.text()));
			Mono<Step> last = Mono.fromSupplier(() -> done.apply(new Outcome(attached.get(),
					VisionChat.Completion.of(chunks), CachedRankings.millisSince(chatStart))));
			return deltas.concatWith(last);
		});
	}

	/** What the chat model was sent and answered, and how long it took. */
	record Outcome(Attachment attachment, VisionChat.Completion completion, long chatMs) {
	}

}
