package io.pagewise.system;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets an encoded slash ({@code %2F}) through Tomcat undecoded, so Spring Security's firewall refuses it with a
 * {@code 400 request-rejected} problem rather than Tomcat with its HTML error page. Safe only because the firewall
 * is always on: it rejects {@code %2F} anywhere in the URI before any authorization or mapping happens.
 */
@Configuration(proxyBeanMethods = false)
class FirewallFirst {

	@Bean
	TomcatConnectorCustomizer encodedSlashToTheFirewall() {
		return (connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
	}

}
