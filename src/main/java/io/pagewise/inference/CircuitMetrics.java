package io.pagewise.inference;

import java.util.Locale;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The upstream circuit as metrics: {@code pagewise.inference.circuit.state} (one gauge per state, 1 for the
 * current one, as resilience4j reports it) and {@code pagewise.inference.circuit.rejected} (attempts refused
 * without calling the upstream).
 */
@Component
class CircuitMetrics implements MeterBinder {

	private final CircuitBreaker circuit;

	CircuitMetrics(InferenceClient client) {
		this.circuit = client.circuit();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
			Gauge.builder("pagewise.inference.circuit.state", this.circuit, (c) -> (c.state() == state) ? 1 : 0)
				.description("Whether the circuit to the inference service is in this state (1) or not (0)")
				.tag("state", name(state))
				.register(registry);
		}
		FunctionCounter.builder("pagewise.inference.circuit.rejected", this.circuit, CircuitBreaker::rejected)
			.description("Upstream attempts refused at once because the circuit was open")
			.register(registry);
	}

	static String name(CircuitBreaker.State state) {
		return state.name().toLowerCase(Locale.ROOT);
	}

}
