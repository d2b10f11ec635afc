package io.pagewise.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Many clients (virtual threads) asking questions at once, and what came back: statuses and latencies. */
final class QuestionLoad {

	private QuestionLoad() {
	}

	/** Asks question {@code question} (0-based) for client {@code client}. */
	@FunctionalInterface
	interface Asker {

		Reply ask(int client, int question) throws Exception;

	}

	/** Runs {@code clients} clients, each asking {@code questions} questions one after the other. */
	static Result run(int clients, int questions, Asker asker) throws Exception {
		List<Reply> replies = new ArrayList<>();
		long start = System.nanoTime();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<List<Reply>>> running = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int client = c;
				running.add(threads.submit(() -> {
					List<Reply> own = new ArrayList<>();
					for (int q = 0; q < questions; q++) {
						own.add(asker.ask(client, q));
					}
					return own;
				}));
			}
			for (Future<List<Reply>> client : running) {
				replies.addAll(client.get(5, TimeUnit.MINUTES));
			}
		}
		return new Result(replies, Duration.ofNanos(System.nanoTime() - start));
	}

	/** Every reply in client order (each client's questions in the order asked), and the wall-clock time. */
	record Result(List<Reply> replies, Duration elapsed) {

		Result {
			replies = List.copyOf(replies);
		}

		List<Reply> failed() {
			return this.replies.stream().filter((reply) -> reply.status() != 200).toList();
		}

		long answered() {
			return this.replies.stream().filter((reply) -> reply.status() == 200).count();
		}

		long percentileMillis(int percent) {
			List<Long> sorted = this.replies.stream().map((reply) -> reply.elapsed().toMillis()).sorted().toList();
			if (sorted.isEmpty()) {
				return 0;
			}
			int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
			return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
		}

		/** One line with the figures the load tests report. */
		String summary(String name, int refused, Object finalLimit) {
			return String.format("%n%s: %d of %d questions answered 200 in %d ms; latency p50 %d ms, p99 %d ms, max %d ms; "
					+ "%d answered 429 by the upstream; final adaptive limit %s%n", name, answered(), this.replies.size(),
					this.elapsed.toMillis(), percentileMillis(50), percentileMillis(99), percentileMillis(100), refused,
					finalLimit);
		}

	}

}
