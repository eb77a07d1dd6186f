package io.custodia.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits an ingest run into {@code partitions} slices by custodian: the staged files {@code (fromId, toId]}
 * (job parameters) are read by every slice, and each keeps the lines of the users that hash to it (see
 * {@link PartitionedLineReader#partitionOf}). One user's lines therefore stay in one slice and in their
 * order: a user's mailbox, conversations and items are written by exactly one worker, so workers never
 * contend for the same rows, and every line is ingested by exactly one of them.
 * <p>
 * A slice is fully described by its execution context ({@link #PARTITION}, {@link #PARTITIONS}) and the job
 * parameters, and workers read the files from the shared database: the local
 * {@code TaskExecutorPartitionHandler} can be replaced by a remote one (spring-batch-integration's
 * {@code MessageChannelPartitionHandler} over RabbitMQ, workers on other nodes running step
 * {@link IngestJobConfiguration#WORKER_STEP}) without changing this class or the worker step.
 */
public class IngestPartitioner implements Partitioner {

    public static final String PARTITION = "partition";
    public static final String PARTITIONS = "partitions";

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> slices = new LinkedHashMap<>();
        for (int i = 0; i < gridSize; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(PARTITION, i);
            context.putInt(PARTITIONS, gridSize);
            slices.put("p" + i, context);
        }
        return slices;
    }
}
