@NullMarked
package io.pagewise.document;

import org.jspecify.annotations.NullMarked;
