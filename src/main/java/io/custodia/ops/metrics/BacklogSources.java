package io.custodia.ops.metrics;

import java.util.List;

/**
 * Several {@link BacklogSource}s known only from configuration (one per feed, say), so that a capability
 * does not have to register a bean per queue.
 */
public interface BacklogSources {

    List<BacklogSource> backlogSources();
}
