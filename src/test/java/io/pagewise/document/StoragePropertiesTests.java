package io.pagewise.document;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoragePropertiesTests {

	@Test
	void s3CredentialsNeverShowInToString() {
		StorageProperties.S3 s3 = new StorageProperties.S3(URI.create("https://ewr1.vultrobjects.com"), "docs",
				"us-east-1", true, "AKIAEXAMPLEACCESS", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET", "pw/", false);
		StorageProperties properties = new StorageProperties(Path.of("/data"), StorageProperties.Type.S3, s3);
		assertThat(properties.toString()).doesNotContain("SECRET")
			.doesNotContain("AKIAEXAMPLEACCESS")
			.contains("bucket=docs")
			.contains("credentials=<set>");
	}

}
