package io.pagewise.answer;

import java.time.Duration;
import java.util.List;

import io.pagewise.PagewiseException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * The server-sent events of a streamed answer: {@code progress}… → {@code ranking} → {@code delta}… →
 * {@code done}, or {@code error} (a problem) after which the stream closes.
 */
final class AnswerEvents {

	private static final Logger logger = LoggerFactory.getLogger(AnswerEvents.class);

	private static final ServerSentEvent<Object> HEARTBEAT = ServerSentEvent.builder().comment("keep-alive").build();

	private AnswerEvents() {
	}

	static ServerSentEvent<Object> progress(Progress progress) {
		return event("progress", progress);
	}

	static ServerSentEvent<Object> ranking(String documentId, String rerankModel, List<Answer.Citation> ranking) {
		return event("ranking", new RankingEvent(documentId, rerankModel, ranking));
	}

	static ServerSentEvent<Object> delta(String text) {
		return event("delta", new Delta(text));
	}

	static ServerSentEvent<Object> done(Answer answer) {
		return event("done", answer);
	}

	/** A finished answer as a stream: its ranking, its text as one delta, done. */
	static Flux<ServerSentEvent<Object>> replay(Answer answer, List<Answer.Citation> ranking) {
		return Flux.just(ranking(answer.documentId(), answer.rerankModel(), ranking), delta(answer.answer()),
				done(answer));
	}

	/**
	 * The events with a comment every {@code every} in between, until they end. Writing is the only way a server
	 * notices that a client went away, so this bounds how long a model keeps working for nobody.
	 */
	static Flux<ServerSentEvent<Object>> withHeartbeat(Flux<ServerSentEvent<Object>> events, Duration every) {
		return events.publish((shared) -> Flux.merge(shared,
				Flux.interval(every, every).map((tick) -> HEARTBEAT).takeUntilOther(shared.ignoreElements())));
	}

	/** The failure as the stream's last event. */
	static ServerSentEvent<Object> error(Throwable failure) {
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

	/** How far a first question on a new document has got: pages rendered, or batches ranked. */
	record Progress(String stage, int done, @Nullable Integer total) {
	}

	record RankingEvent(String documentId, String rerankModel, List<Answer.Citation> ranking) {
	}

	record Delta(String text) {
	}

}
