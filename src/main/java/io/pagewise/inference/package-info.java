/**
 * The connection to the OpenAI-compatible inference service (Vultr Serverless Inference or a self-hosted
 * server): one managed {@code WebClient}, one adaptive limit on in-flight calls, one retry and timeout policy, and
 * one translation of upstream failures into problems a client can act on. Shared by ranking and answering.
 */
@NullMarked
package io.pagewise.inference;

import org.jspecify.annotations.NullMarked;
