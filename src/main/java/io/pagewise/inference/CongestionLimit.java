package io.pagewise.inference;

import com.netflix.concurrency.limits.limit.AbstractLimit;

/**
 * AIMD the way TCP's congestion avoidance does it, as a concurrency-limits {@code Limit}: an overload (429, 503,
 * timeout) multiplies the limit by {@code backoffRatio} at once, but only once per round trip (overloads of calls
 * sent before the last cut were caused by the old limit, and are not counted again); a success while the limit is
 * in use adds {@code 1/limit}, i.e. one per limit's worth of successes.
 * <p>
 * The library's {@code AIMDLimit} adds a whole one per success: against an upstream that refuses beyond a fixed
 * number of calls, it probes past it after nearly every success and meets a 429 each time; its
 * {@code WindowedLimit} reacts a second late, while a freed slot meets 429 after 429.
 */
final class CongestionLimit extends AbstractLimit {

	private final int min;

	private final int max;

	private final double backoffRatio;

	private double estimate;

	private long lastCut = Long.MIN_VALUE;

	CongestionLimit(int initial, int min, int max, double backoffRatio) {
		super(Math.clamp(initial, min, max));
		this.min = min;
		this.max = max;
		this.backoffRatio = backoffRatio;
		this.estimate = getLimit();
	}

	@Override
	protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
		if (didDrop) {
			if (startTime >= this.lastCut) {
				this.estimate = Math.max(this.min, this.estimate * this.backoffRatio);
				this.lastCut = startTime + rtt;
			}
		}
		else if (inflight * 2 >= getLimit()) {
			this.estimate = Math.min(this.max, this.estimate + 1.0 / this.estimate);
		}
		return (int) this.estimate;
	}

	@Override
	public String toString() {
		return "CongestionLimit [limit=" + getLimit() + "]";
	}

}
