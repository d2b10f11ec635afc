package io.pagewise;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Pagewise: answers questions about PDFs by looking at their pages. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PagewiseApplication {

	public static void main(String[] args) {
		SpringApplication.run(PagewiseApplication.class, args);
	}

}
