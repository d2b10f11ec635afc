/**
 * JPEG encoding of rendered pages and decoding of JPEG images in PDFs: libjpeg-turbo through the FFM API (compiled
 * for Java 22 from {@code src/main/java22}, found at run time) with the JDK's ImageIO as the fallback. Internal to
 * the page module.
 */
@NullMarked
package io.pagewise.page.jpeg;

import org.jspecify.annotations.NullMarked;
