package io.custodia.ingest.remote;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when this node is a remote-partitioning manager or worker of the ingest job. */
class RemotePartitioningEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        return env.getProperty("custodia.ingest.remote.manager", Boolean.class, false)
                || env.getProperty("custodia.ingest.remote.worker", Boolean.class, false);
    }
}
