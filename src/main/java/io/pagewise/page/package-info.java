@NullMarked
package io.pagewise.page;

import org.jspecify.annotations.NullMarked;
