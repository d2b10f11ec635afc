package io.pagewise.inference;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	@Test
	void delaySecondsAreReadAsSeconds() {
		assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
		assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
	}

	@Test
	void anHttpDateIsTheTimeUntilThen() {
		assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
	}

	@Test
	void anHttpDateInThePastMeansNow() {
		assertThat(RetryAfter.parse("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).contains(Duration.ZERO);
	}

	@Test
	void absentOrUnreadableValuesAreIgnored() {
		assertThat(RetryAfter.parse(null, NOW)).isEmpty();
		assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
		assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
		assertThat(RetryAfter.parse("99999999999999", NOW)).isEmpty();
	}

}
