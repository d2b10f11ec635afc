/**
 * The web page at {@code /}, driven in a real (headless) browser.
 */
@NullMarked
package io.pagewise.web;

import org.jspecify.annotations.NullMarked;
