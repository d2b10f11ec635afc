package io.pagewise.document;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where documents live.
 *
 * @param dir root of the content-addressed store ({@code PAGEWISE_STORAGE_DIR})
 */
@Validated
@ConfigurationProperties("pagewise.storage")
record StorageProperties(@DefaultValue("./data") Path dir) {
}
