package io.custodia.ops.health;

import java.util.List;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.custodia.ops.cluster.ClusterNodes;
import io.custodia.ops.jobs.JobExecutionTracker;

/**
 * The Spring Batch job repository ({@code /actuator/health/jobRepository}): reachable, with the running
 * executions and the stale ones (left running by a node that is gone — recover and restart them). Stale
 * executions do not make the hub DOWN: the hub works, one job needs an operator.
 */
@Component("jobRepositoryHealthIndicator")
class JobRepositoryHealth implements HealthIndicator {

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final ClusterNodes nodes;

    JobRepositoryHealth(JobRepository jobRepository, JobOperator jobOperator, ClusterNodes nodes) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.nodes = nodes;
    }

    @Override
    public Health health() {
        List<JobExecution> running = jobOperator.getJobNames().stream()
                .flatMap(name -> jobRepository.findRunningJobExecutions(name).stream()).toList();
        List<Long> stale = running.stream()
                .filter(e -> !nodes.alive(JobExecutionTracker.node(e))).map(JobExecution::getId).sorted().toList();
        return Health.up()
                .withDetail("jobs", jobOperator.getJobNames())
                .withDetail("running", running.stream().map(JobExecution::getId).sorted().toList())
                .withDetail("stale", stale)
                .withDetail("node", nodes.self())
                .build();
    }
}
