package io.pagewise.page;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The bounded pool of platform threads that render pages (CPU-bound work, one thread per core by default),
 * shared by all documents and shut down with the application context.
 * <p>
 * PDFBox cannot be cancelled from outside: a worker past its deadline is interrupted and abandoned, and while
 * it is still running the pool is lent an extra thread, so one hostile PDF cannot starve everyone else. At most
 * {@code parallelism} threads are lent; beyond that a stuck worker costs capacity until it ends.
 */
@Component
class RenderPool implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RenderPool.class);

	private final int parallelism;

	private final ThreadPoolExecutor executor;

	private int lent; // guarded by this

	RenderPool(RenderProperties properties, MeterRegistry registry) {
		this.parallelism = properties.parallelism();
		this.executor = new ThreadPoolExecutor(this.parallelism, 2 * this.parallelism, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), Thread.ofPlatform().name("render-", 1).daemon(true).factory());
		new ExecutorServiceMetrics(this.executor, "pagewise.render", List.of()).bindTo(registry);
		Gauge.builder("pagewise.render.abandoned", this, RenderPool::lent)
			.description("Render workers abandoned past their deadline that are still running")
			.register(registry);
	}

	int parallelism() {
		return this.parallelism;
	}

	/** Runs {@code worker} on a render thread; rejected once the pool is shut down. */
	void execute(Runnable worker) {
		this.executor.execute(worker);
	}

	/**
	 * Whether the pool runs or queues more than {@code own} workers: other documents compete for it. Workers
	 * abandoned past their deadline count too (they still hold a thread and a core).
	 */
	boolean busyBeyond(int own) {
		return !this.executor.getQueue().isEmpty() || this.executor.getActiveCount() > own;
	}

	/** A worker was abandoned while running: lend the pool a thread. False if no more may be lent. */
	synchronized boolean lend() {
		if (this.lent >= this.parallelism) {
			logger.error("{} render workers are stuck past their deadline; rendering capacity is reduced",
					this.lent + 1);
			return false;
		}
		this.lent++;
		this.executor.setCorePoolSize(this.parallelism + this.lent);
		return true;
	}

	/** An abandoned worker has ended: take back the thread lent for it (it stops when next idle). */
	synchronized void reclaim() {
		this.lent--;
		this.executor.setCorePoolSize(this.parallelism + this.lent);
	}

	synchronized int lent() {
		return this.lent;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdownNow();
		if (!this.executor.awaitTermination(5, TimeUnit.SECONDS)) {
			// Daemon threads: a worker stuck inside PDFBox cannot keep the JVM alive.
			logger.warn("Render workers still running at shutdown were abandoned");
		}
	}

}
