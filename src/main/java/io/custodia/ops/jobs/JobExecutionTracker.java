package io.custodia.ops.jobs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

import io.custodia.ops.cluster.ClusterNodes;

/**
 * Listens to every job of the hub (registered by {@link JobTrackingConfiguration}): records in each
 * execution's context the node that runs it, so operators and the other nodes can tell a live execution
 * from one left behind by a node that died, and knows which executions run in this JVM right now.
 */
@Component
public class JobExecutionTracker implements JobExecutionListener {

    /** Execution-context key of the node (Quartz instance id) that runs or ran the execution. */
    public static final String NODE = "custodia.node";

    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private final ClusterNodes nodes;
    private final JobRepository jobRepository;

    public JobExecutionTracker(ClusterNodes nodes, JobRepository jobRepository) {
        this.nodes = nodes;
        this.jobRepository = jobRepository;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        runningHere.add(execution.getId());
        execution.getExecutionContext().putString(NODE, nodes.self());
        // the context is otherwise saved only after the first step: make the node visible at once
        jobRepository.updateExecutionContext(execution);
    }

    @Override
    public void afterJob(JobExecution execution) {
        // the repository already holds the final status when afterJob runs
        runningHere.remove(execution.getId());
    }

    public boolean runningHere(long executionId) {
        return runningHere.contains(executionId);
    }

    public static String node(JobExecution execution) {
        return execution.getExecutionContext().containsKey(NODE) ? execution.getExecutionContext().getString(NODE) : null;
    }
}
