package io.custodia.ops.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cluster settings ({@code custodia.cluster.*}).
 *
 * @param lockTimeout how long MariaDB keeps a cluster lock of a node that stopped answering (its
 *                    machine vanished) before another node may take over; a killed process frees it at once
 */
@ConfigurationProperties("custodia.cluster")
public record ClusterProperties(Duration lockTimeout) {

    public ClusterProperties {
        lockTimeout = lockTimeout != null ? lockTimeout : Duration.ofSeconds(60);
        if (lockTimeout.toSeconds() < 10) {
            throw new IllegalArgumentException("custodia.cluster.lock-timeout must be at least 10 seconds");
        }
    }
}
