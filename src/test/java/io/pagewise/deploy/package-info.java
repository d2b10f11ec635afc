/**
 * Checks of the deployment artefacts (Dockerfile, docker-compose with its upstream stub, Helm chart) that run
 * without a container engine or a cluster.
 */
@NullMarked
package io.pagewise.deploy;

import org.jspecify.annotations.NullMarked;
