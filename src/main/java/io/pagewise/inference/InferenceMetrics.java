package io.pagewise.inference;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.CircuitBreakerMetricNames;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The upstream connection as metrics. The circuit, through resilience4j's binder under our names:
 * {@code pagewise.inference.circuit.state{state}} (1 for the current state), {@code pagewise.inference.circuit.rejected}
 * (attempts refused without calling the upstream), {@code pagewise.inference.circuit.calls{kind}}, and its window's
 * {@code buffered.calls}, {@code failure.rate}, {@code slow.calls}, {@code slow.call.rate}; every one tagged
 * {@code name=upstream}. The adaptive limit: {@code pagewise.inference.limit} (calls allowed in flight now),
 * {@code pagewise.inference.in-flight} and {@code pagewise.inference.queued} (calls waiting for a slot).
 */
@Component
class InferenceMetrics implements MeterBinder {

	private static final String CIRCUIT = "pagewise.inference.circuit.";

	private final UpstreamCircuit circuit;

	private final AdaptiveLimit limit;

	InferenceMetrics(InferenceClient client) {
		this.circuit = client.circuit();
		this.limit = client.limit();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CircuitBreakerMetricNames names = CircuitBreakerMetricNames.custom()
			.stateMetricName(CIRCUIT + "state")
			.notPermittedCallsMetricName(CIRCUIT + "rejected")
			.callsMetricName(CIRCUIT + "calls")
			.bufferedCallsMetricName(CIRCUIT + "buffered.calls")
			.failureRateMetricName(CIRCUIT + "failure.rate")
			.slowCallsMetricName(CIRCUIT + "slow.calls")
			.slowCallRateMetricName(CIRCUIT + "slow.call.rate")
			.build();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(names, this.circuit.registry()).bindTo(registry);
		Gauge.builder("pagewise.inference.limit", this.limit, AdaptiveLimit::limit)
			.description("Upstream calls this replica may have in flight now (adapts to 429s, 503s and timeouts)")
			.register(registry);
		Gauge.builder("pagewise.inference.in-flight", this.limit, AdaptiveLimit::inFlight)
			.description("Upstream calls in flight")
			.register(registry);
		Gauge.builder("pagewise.inference.queued", this.limit, AdaptiveLimit::waiting)
			.description("Upstream calls waiting for a slot under the limit")
			.register(registry);
	}

	/** A state as the metrics and the health indicator spell it. */
	static String name(CircuitBreaker.State state) {
		return state.name().toLowerCase(Locale.ROOT);
	}

}
