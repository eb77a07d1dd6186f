package io.custodia.ingest.remote;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scale-out of the ingest job across nodes ({@code custodia.ingest.remote.*}): Spring Batch remote
 * partitioning, the partition requests travelling over a RabbitMQ queue, every node sharing the MariaDB
 * job repository and store. Off unless a node says it is a manager, a worker, or both.
 *
 * @param manager       this node's ingest job sends its partitions to the queue instead of running them on
 *                      local threads, and waits for the workers by polling the job repository
 * @param worker        this node consumes partition requests and runs the ingest worker step
 * @param brokerUrl     RabbitMQ, {@code amqp://user:password@host:5672/vhost} (the password may come from
 *                      the environment: never logged)
 * @param queue         durable queue of partition requests
 * @param gridSize      partitions per ingest run (by custodian): enough to keep every worker thread busy,
 *                      e.g. the total of {@code consumers} over all workers
 * @param consumers     partitions a worker node runs at once (its cores)
 * @param pollInterval  how often the manager reads the partitions' status from the job repository
 * @param timeout       the manager gives up on partitions not finished after this long (the run then fails
 *                      and is restartable: finished partitions are not redone)
 */
@ConfigurationProperties("custodia.ingest.remote")
public record RemotePartitioningProperties(boolean manager, boolean worker, String brokerUrl, String queue,
                                           Integer gridSize, Integer consumers, Duration pollInterval,
                                           Duration timeout) {

    public RemotePartitioningProperties {
        brokerUrl = brokerUrl != null && !brokerUrl.isBlank() ? brokerUrl : "amqp://guest:guest@localhost:5672";
        queue = queue != null && !queue.isBlank() ? queue : "custodia.ingest.partitions";
        gridSize = gridSize != null ? gridSize : 6;
        consumers = consumers != null ? consumers : Runtime.getRuntime().availableProcessors();
        pollInterval = pollInterval != null ? pollInterval : Duration.ofMillis(500);
        timeout = timeout != null ? timeout : Duration.ofHours(2);
        if (gridSize < 1 || consumers < 1) {
            throw new IllegalArgumentException("custodia.ingest.remote.grid-size and .consumers must be at least 1");
        }
    }

    /** The broker URL without its password, for logs and errors. */
    public String safeBrokerUrl() {
        return brokerUrl.replaceAll("//([^:/@]+):[^@]*@", "//$1:****@");
    }
}
