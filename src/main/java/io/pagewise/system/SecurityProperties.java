package io.pagewise.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the API and from where.
 *
 * @param apiKeys client keys accepted as {@code X-API-Key} or {@code Authorization: Bearer}; none = open service
 * @param protectPrometheus whether {@code /actuator/prometheus} needs a key too when keys are on; {@code false}
 * lets a scraper without a key in (health probes never need one, {@code /actuator/metrics} always does)
 * @param publicApiDocs whether the OpenAPI spec and Swagger UI stay open when keys are on
 * @param allowedOrigins browser origins allowed by CORS; none by default
 * @param maxJsonBody the largest JSON request body accepted
 */
@Validated
@ConfigurationProperties("pagewise.security")
record SecurityProperties(@DefaultValue List<String> apiKeys, @DefaultValue("true") boolean protectPrometheus,
		@DefaultValue("true") boolean publicApiDocs, @DefaultValue List<String> allowedOrigins,
		@DefaultValue("64KB") DataSize maxJsonBody) {

	SecurityProperties {
		apiKeys = apiKeys.stream().map(String::strip).filter((key) -> !key.isEmpty()).toList();
		allowedOrigins = List.copyOf(allowedOrigins);
	}

	boolean keysRequired() {
		return !this.apiKeys.isEmpty();
	}

	@Override
	public String toString() {
		// Never print the keys themselves.
		return "SecurityProperties[apiKeys=" + this.apiKeys.size() + " configured, protectPrometheus="
				+ this.protectPrometheus + ", publicApiDocs=" + this.publicApiDocs + ", allowedOrigins="
				+ this.allowedOrigins + ", maxJsonBody=" + this.maxJsonBody + "]";
	}

}
