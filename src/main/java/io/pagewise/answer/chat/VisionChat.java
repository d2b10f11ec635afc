package io.pagewise.answer.chat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.PagewiseException;
import io.pagewise.inference.InferenceClient;
import io.pagewise.page.PageImage;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a vision chat model a question about page images ({@code /v1/chat/completions}). A small WebClient
 * client rather than Spring AI's: it shares the rerank gateway's connection, global concurrency cap, retry
 * policy and error translation, where Spring AI would bring a second HTTP stack with its own retries.
 */
public class VisionChat {

	public static final String PROMPT_VERSION = "v1";

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE_OF_STRINGS = new ParameterizedTypeReference<>() {
	};

	private final InferenceClient inference;

	private final Limits limits;

	private final MeterRegistry meters;

	private final JsonMapper json;

	public VisionChat(InferenceClient inference, Limits limits, MeterRegistry meters, JsonMapper json) {
		this.inference = inference;
		this.limits = limits;
		this.meters = meters;
		this.json = json;
	}

	/**
	 * The pages a request about them can carry: every serialized chat body is measured against
	 * {@link Limits#maxRequestBytes}, and pages that would pass it are made smaller (see {@link ChatBudget}).
	 */
	public Attachment attach(String model, String question, List<PageImage> pages) {
		return attach(model, question, pages, PageLabels.PAGE_NUMBERS);
	}

	/** Like {@link #attach(String, String, List)}, each page named to the model by {@code labels}. */
	public Attachment attach(String model, String question, List<PageImage> pages, PageLabels labels) {
		return new ChatBudget(this.limits.maxRequestBytes(),
				(candidate) -> this.json.writeValueAsBytes(request(model, question, candidate, labels)).length)
			.fit(pages)
			.labelled(labels);
	}

	/**
	 * The model's answer as it is generated: answer-text chunks only (reasoning chunks are not answer text),
	 * then one final chunk with the finish reason and usage. An answer that ends empty is an error.
	 */
	public Flux<Chunk> stream(String model, String question, Attachment attachment) {
		ChatWire.Request request = request(model, question, attachment.pages(), attachment.labels());
		Timer.Sample sample = Timer.start(this.meters);
		AtomicBoolean answered = new AtomicBoolean();
		AtomicReference<@Nullable String> finishReason = new AtomicReference<>();
		return this.inference
			.stream("chat", () -> this.inference.webClient()
				.post()
				.uri("chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(request)
				.retrieve()
				.bodyToFlux(SSE_OF_STRINGS))
			.takeWhile((event) -> !"[DONE]".equals(event.data()))
			.filter((event) -> event.data() != null && !event.data().isBlank())
			.map((event) -> Chunk.of(this.json.readValue(event.data(), ChatWire.Response.class)))
			.doOnNext((chunk) -> {
				answered.compareAndSet(false, !chunk.text().isBlank());
				if (chunk.finishReason() != null) {
					finishReason.set(chunk.finishReason());
				}
			})
			.concatWith(Mono.defer(() -> answered.get() ? Mono.empty()
					: Mono.error(truncated(model, finishReason.get(), this.limits.maxTokens()))))
			.doOnComplete(() -> sample.stop(timer(model, "success")))
			.doOnError((ex) -> sample.stop(timer(model, "failure")))
			.doOnCancel(() -> sample.stop(timer(model, "cancelled")));
	}

	private ChatWire.Request request(String model, String question, List<PageImage> pages, PageLabels labels) {
		return ChatWire.Request.of(model, this.limits.maxTokens(), instruction(question), pages, labels, true);
	}

	static String instruction(String question) {
		return "Answer the question using only the attached document page(s). Be concise, and say which page "
				+ "the answer is on. If the pages do not contain the answer, say so.\n\nQuestion: " + question;
	}

	private static PagewiseException truncated(String model, @Nullable String finishReason, int maxTokens) {
		String why = "length".equalsIgnoreCase(finishReason)
				? "spent its whole token budget (" + maxTokens + ") reasoning before answering"
				: "returned an empty answer (finish reason: " + finishReason + ")";
		return new PagewiseException(HttpStatus.BAD_GATEWAY, "answer-truncated", "Answer truncated",
				"The chat model " + model + " " + why + ". Raise pagewise.answer.max-tokens and ask again.");
	}

	private Timer timer(String model, String outcome) {
		return Timer.builder("pagewise.chat")
			.description("Chat completions for answers")
			.tag("model", model)
			.tag("outcome", outcome)
			.register(this.meters);
	}

	/** A piece of a streamed answer: text (maybe empty), and on the last chunk the finish reason and usage. */
	public record Chunk(String text, @Nullable String finishReason, long promptTokens, long completionTokens) {

		static Chunk of(ChatWire.Response response) {
			ChatWire.Choice choice = (response.choices() == null || response.choices().isEmpty()) ? null
					: response.choices().get(0);
			String text = (choice == null || choice.delta() == null || choice.delta().content() == null) ? ""
					: choice.delta().content();
			ChatWire.Usage usage = response.usage();
			return new Chunk(text, (choice != null) ? choice.finishReason() : null,
					(usage != null) ? usage.promptTokens() : 0, (usage != null) ? usage.completionTokens() : 0);
		}

	}

	/**
	 * What a chat request may spend.
	 *
	 * @param maxTokens the completion budget (reasoning included)
	 * @param maxRequestBytes the largest serialized request body (the upstream refuses ~1 MB with 413)
	 */
	public record Limits(int maxTokens, long maxRequestBytes) {
	}

	/** The answer text and what it cost. */
	public record Completion(String text, long promptTokens, long completionTokens) {

		/** The whole answer from its chunks: their text, and the usage the last of them carries. */
		public static Completion of(List<Chunk> chunks) {
			StringBuilder text = new StringBuilder();
			chunks.forEach((chunk) -> text.append(chunk.text()));
			Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
			return new Completion(text.toString().strip(), (last != null) ? last.promptTokens() : 0,
					(last != null) ? last.completionTokens() : 0);
		}

	}

}
