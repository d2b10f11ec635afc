/** The vision chat client ({@code /v1/chat/completions}) that turns page images into an answer. */
@NullMarked
package io.pagewise.answer.chat;

import org.jspecify.annotations.NullMarked;
