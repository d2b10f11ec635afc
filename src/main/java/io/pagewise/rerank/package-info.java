@NullMarked
package io.pagewise.rerank;

import org.jspecify.annotations.NullMarked;
