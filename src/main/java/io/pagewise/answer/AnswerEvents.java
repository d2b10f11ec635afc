package io.pagewise.answer;

import java.time.Duration;

import io.pagewise.PagewiseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The server-sent events of a streamed answer: {@code progress}… → {@code ranking} → {@code delta}… →
 * {@code done}, or {@code error} (a problem) after which the stream closes.
 */
final class AnswerEvents {

	private static final Logger logger = LoggerFactory.getLogger(AnswerEvents.class);

	private static final ServerSentEvent<Object> HEARTBEAT = ServerSentEvent.builder().comment("keep-alive").build();

	private AnswerEvents() {
	}

	/** A step as its event. */
	static ServerSentEvent<Object> of(Step step) {
		return switch (step) {
			case Step.Progress progress -> event("progress", progress);
			case Step.Ranked ranked -> event("ranking", ranked);
			case Step.Delta delta -> event("delta", delta);
			case Step.Done done -> event("done", done.answer());
			case Step.CollectionRanked ranked -> event("ranking", ranked);
			case Step.CollectionDone done -> event("done", done.answer());
		};
	}

	/**
	 * The steps as events, with a comment every {@code heartbeat} while there is nothing else to send; a failure
	 * becomes the last event (the response is committed, a problem body can't follow).
	 */
	static Flux<ServerSentEvent<Object>> of(Flux<Step> steps, Duration heartbeat) {
		return withHeartbeat(steps.map(AnswerEvents::of).onErrorResume((ex) -> Mono.just(error(ex))), heartbeat);
	}

	/**
	 * The events with a comment every {@code every} in between, until they end. Writing is the only way a server
	 * notices that a client went away, so this bounds how long a model keeps working for nobody.
	 */
	private static Flux<ServerSentEvent<Object>> withHeartbeat(Flux<ServerSentEvent<Object>> events, Duration every) {
		return events.publish((shared) -> Flux.merge(shared,
				Flux.interval(every, every).map((tick) -> HEARTBEAT).takeUntilOther(shared.ignoreElements())));
	}

	/** The failure as the stream's last event. */
	private static ServerSentEvent<Object> error(Throwable failure) {
		ProblemDetail problem;
		if (failure instanceof PagewiseException pagewise) {
			problem = pagewise.getBody();
		}
		else {
			logger.error("Unexpected failure while streaming an answer", failure);
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"Something went wrong on our side; it has been logged.");
			problem.setProperty("code", "internal-error");
		}
		return event("error", problem);
	}

	private static ServerSentEvent<Object> event(String name, Object data) {
		return ServerSentEvent.builder(data).event(name).build();
	}

}
