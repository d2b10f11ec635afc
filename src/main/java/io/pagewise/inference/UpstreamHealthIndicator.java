package io.pagewise.inference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The upstream's circuit as a health component ({@code upstream}): {@code UP} while closed, {@code DEGRADED}
 * while open or probing, {@code UNKNOWN} without a key. It asks the upstream nothing: it reports what real calls
 * found.
 * <p>
 * {@code DEGRADED} is deliberately not a status Spring Boot aggregates (its order is DOWN, OUT_OF_SERVICE, UP,
 * UNKNOWN), so a dead upstream never turns {@code /actuator/health}, liveness or readiness red: every replica
 * depends on the same upstream, and restarting or unreadying them all would take down uploads, page images and
 * cached answers too, without bringing the upstream back. The {@code inference} health group shows it, with a 503.
 */
@Component
class UpstreamHealthIndicator implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "Calls to the inference service are paused");

	private final InferenceClient client;

	UpstreamHealthIndicator(InferenceClient client) {
		this.client = client;
	}

	@Override
	public Health health() {
		CircuitBreaker.State state = this.client.circuit().state();
		boolean calling = state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED;
		Health.Builder health = !this.client.configured() ? Health.unknown()
				: calling ? Health.up() : Health.status(DEGRADED);
		return health.withDetail("circuit", InferenceMetrics.name(state))
			.withDetail("rejectedCalls", this.client.circuit().rejected())
			.withDetail("limit", this.client.limit().limit())
			.build();
	}

}
