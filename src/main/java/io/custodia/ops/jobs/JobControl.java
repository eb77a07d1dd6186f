package io.custodia.ops.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.launch.NoSuchJobExecutionException;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;
import io.custodia.ops.cluster.ClusterNodes;

/**
 * The operators' job operations over Spring Batch's {@link JobOperator} and {@link JobRepository}:
 * list, start (by profile or job), stop, restart, recover a stale execution, abandon, status and
 * history. Every change is written to the unified audit log. The REST API ({@code /api/v1/jobs}), the
 * {@code job} command line (through that API) and scheduled routes ({@code bean: jobControl}) use it.
 */
@Component("jobControl")
public class JobControl {

    private static final Logger log = LoggerFactory.getLogger(JobControl.class);
    private static final int MAX_DESCRIPTION = 2000;

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final JobRegistry jobRegistry;
    private final JobExecutionTracker tracker;
    private final ClusterNodes nodes;
    private final AuditRecords auditRecords;
    private final AuditLog auditLog;
    private final Map<String, JobStarter> starters;
    private final Map<String, JobProgress> progress;
    private final LaunchProfiles profiles;

    public JobControl(JobOperator jobOperator, JobRepository jobRepository, JobRegistry jobRegistry,
                      JobExecutionTracker tracker, ClusterNodes nodes, AuditRecords auditRecords, AuditLog auditLog,
                      List<JobStarter> starters, List<JobProgress> progress,
                      @Value("${custodia.batch.profiles:batch/profiles.yaml}") String profilesFile) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.jobRegistry = jobRegistry;
        this.tracker = tracker;
        this.nodes = nodes;
        this.auditRecords = auditRecords;
        this.auditLog = auditLog;
        this.starters = starters.stream().collect(Collectors.toMap(JobStarter::jobName, Function.identity()));
        this.progress = progress.stream().collect(Collectors.toMap(JobProgress::jobName, Function.identity()));
        this.profiles = LaunchProfiles.load(Path.of(profilesFile));
    }

    /** A profile naming a job this hub does not have is a configuration error: say so at start-up. */
    @EventListener(ApplicationReadyEvent.class)
    void validateProfiles() {
        profiles.validate(jobNames());
        log.info("Launch profiles: {}", profiles.all().stream().map(p -> p.name() + " → " + p.job()).toList());
    }

    public record JobSummary(String name, List<String> profiles, List<Long> running, ExecutionView lastExecution) {
    }

    public record ProfileView(String name, String job, String description, boolean newInstance,
                              Map<String, LaunchProfile.Parameter> parameters) {
    }

    public Set<String> jobNames() {
        return new TreeSet<>(jobOperator.getJobNames());
    }

    public List<JobSummary> jobs() {
        List<JobSummary> jobs = new ArrayList<>();
        for (String name : jobNames()) {
            List<String> ps = profiles.all().stream().filter(p -> p.job().equals(name)).map(LaunchProfile::name).toList();
            List<Long> running = jobRepository.findRunningJobExecutions(name).stream().map(JobExecution::getId).sorted().toList();
            JobInstance last = jobRepository.getLastJobInstance(name);
            JobExecution lastExecution = last == null ? null : jobRepository.getLastJobExecution(last);
            jobs.add(new JobSummary(name, ps, running, lastExecution == null ? null : view(lastExecution)));
        }
        return jobs;
    }

    public List<ProfileView> profiles() {
        return profiles.all().stream()
                .map(p -> new ProfileView(p.name(), p.job(), p.description(), p.newInstance(), p.parameters())).toList();
    }

    /** Starts a profile, or a job by name when no profile has that name. */
    public ExecutionView start(String name, Map<String, String> given, String user) {
        LaunchProfile profile = profiles.get(name);
        String jobName = profile != null ? profile.job() : name;
        if (!jobNames().contains(jobName)) {
            throw JobControlException.notFound("no profile or job named '" + name + "'; profiles: "
                    + profiles.all().stream().map(LaunchProfile::name).toList() + ", jobs: " + jobNames());
        }
        JobParameters params = profile != null ? LaunchProfiles.parameters(profile, given) : LaunchProfiles.parameters(given);
        JobExecution execution = launch(jobName, params);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("job", jobName);
        details.put("profile", profile == null ? null : profile.name());
        details.put("parameters", parameterMap(params));
        details.put("node", nodes.self());
        audit("BatchJobStarted", user, execution.getId(), details);
        log.info("{} started job {} (profile {}) as execution {}", user, jobName, profile == null ? "-" : profile.name(),
                execution.getId());
        return view(execution);
    }

    /**
     * Called by scheduled routes ({@code routes/schedules.yaml}): starts a profile unless it cannot run now
     * (e.g. already running), which is logged, not thrown, so the trigger keeps its schedule.
     */
    public Long startScheduled(String profile) {
        try {
            return start(profile, Map.of(), "scheduler").id();
        } catch (JobControlException e) {
            log.warn("Scheduled start of profile {} skipped: {}", profile, e.getMessage());
            return null;
        }
    }

    private JobExecution launch(String jobName, JobParameters params) {
        JobStarter starter = starters.get(jobName);
        if (starter != null) {
            return starter.start(params);
        }
        try {
            return jobOperator.start(job(jobName), params);
        } catch (JobExecutionAlreadyRunningException e) {
            throw JobControlException.conflict("job " + jobName + " with these parameters is already running");
        } catch (JobInstanceAlreadyCompleteException e) {
            throw JobControlException.conflict("job " + jobName + " already completed with these parameters "
                    + parameterMap(params) + "; a completed instance is never run twice");
        } catch (JobRestartException e) {
            throw JobControlException.conflict("job " + jobName + " cannot be started: " + e.getMessage());
        } catch (InvalidJobParametersException e) {
            throw JobControlException.badRequest("job " + jobName + ": " + e.getMessage());
        }
    }

    /**
     * Asks a running execution to stop at its next chunk boundary, on whichever node runs it: the
     * execution is marked STOPPING in the job repository, and the step that runs it sees that when it
     * next saves its progress (Spring Batch's {@code JobRepository.update(StepExecution)}) and ends STOPPED,
     * restartable. Not {@code JobOperator.stop}: in Spring Batch 6.0 it also stops the step bean of the
     * calling JVM and writes that JVM's copy of the step execution, which races with the running step
     * (optimistic-locking failures, lost reader state) and acts on the wrong node in a cluster.
     */
    public ExecutionView stop(long id, String user) {
        JobExecution execution = execution(id);
        if (stale(execution)) {
            throw JobControlException.conflict(staleMessage(execution));
        }
        if (!execution.getStatus().isRunning()) {
            throw JobControlException.conflict("execution " + id + " is not running (" + execution.getStatus() + ")");
        }
        if (execution.getStatus() != BatchStatus.STOPPING) {
            execution.setStatus(BatchStatus.STOPPING);
            try {
                jobRepository.update(execution);
            } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                throw JobControlException.conflict("execution " + id + " changed while stopping it: try again");
            }
        }
        audit("BatchJobStopRequested", user, id, Map.of("job", execution.getJobInstance().getJobName(),
                "node", String.valueOf(JobExecutionTracker.node(execution))));
        return view(execution(id));
    }

    /** Restarts a failed or stopped execution from its last committed chunk, on this node. */
    public ExecutionView restart(long id, String user) {
        JobExecution execution = execution(id);
        if (execution.getStatus().isRunning()) {
            throw JobControlException.conflict(stale(execution) ? staleMessage(execution)
                    : "execution " + id + " is still running on node " + JobExecutionTracker.node(execution));
        }
        JobExecution restarted;
        JobStarter starter = starters.get(execution.getJobInstance().getJobName());
        try {
            restarted = starter != null ? starter.restart(execution) : jobOperator.restart(execution);
        } catch (JobControlException e) {
            throw e;
        } catch (JobRestartException e) {
            throw JobControlException.conflict("execution " + id + " cannot be restarted: " + e.getMessage());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof JobInstanceAlreadyCompleteException || cause instanceof JobRestartException
                    || cause instanceof JobExecutionAlreadyRunningException) {
                throw JobControlException.conflict("execution " + id + " cannot be restarted: " + cause.getMessage());
            }
            throw e;
        }
        audit("BatchJobRestarted", user, restarted.getId(), Map.of("job", execution.getJobInstance().getJobName(), "restartOf", id,
                "node", nodes.self()));
        log.info("{} restarted execution {} of job {} as execution {}", user, id, execution.getJobInstance().getJobName(), restarted.getId());
        return view(restarted);
    }

    /**
     * Marks an execution that a dead node left STARTED as FAILED (its running steps too), so it can be
     * restarted. Refused while its node is alive unless {@code force}: only do that when you know the node
     * no longer runs it.
     */
    public ExecutionView recover(long id, boolean force, String user) {
        JobExecution execution = execution(id);
        if (!execution.getStatus().isRunning()) {
            throw JobControlException.conflict("execution " + id + " is not running (" + execution.getStatus()
                    + "): nothing to recover");
        }
        String node = JobExecutionTracker.node(execution);
        if (tracker.runningHere(id)) {
            throw JobControlException.conflict("execution " + id + " is running on this node: stop it instead");
        }
        if (!force && nodes.alive(node)) {
            throw JobControlException.conflict("execution " + id + " runs on node " + node
                    + ", which is alive: stop it instead (or recover with force if that node no longer runs it)");
        }
        JobExecution recovered = jobOperator.recover(execution);
        audit("BatchJobRecovered", user, id, Map.of("job", execution.getJobInstance().getJobName(), "node", String.valueOf(node),
                "force", force));
        log.warn("{} recovered execution {} of job {} left running by node {}", user, id, execution.getJobInstance().getJobName(), node);
        return view(recovered);
    }

    /** Marks a stopped or failed execution ABANDONED: it will never be restarted. */
    public ExecutionView abandon(long id, String user) {
        JobExecution execution = execution(id);
        try {
            jobOperator.abandon(id);
        } catch (JobExecutionAlreadyRunningException e) {
            throw JobControlException.conflict("execution " + id + " is running: stop it (or recover it if its node is gone) first");
        } catch (NoSuchJobExecutionException e) {
            throw JobControlException.notFound("no job execution " + id);
        }
        audit("BatchJobAbandoned", user, id, Map.of("job", execution.getJobInstance().getJobName()));
        return view(execution(id));
    }

    public ExecutionView status(long id) {
        return view(execution(id));
    }

    /** Executions newest first: of one job or all, only running ones if asked. */
    public List<ExecutionView> executions(String job, boolean runningOnly, int limit) {
        Set<String> names = job == null ? jobNames() : Set.of(job);
        if (job != null && !jobNames().contains(job)) {
            throw JobControlException.notFound("no job named '" + job + "'; jobs: " + jobNames());
        }
        List<JobExecution> found = new ArrayList<>();
        for (String name : names) {
            if (runningOnly) {
                found.addAll(jobRepository.findRunningJobExecutions(name));
            } else {
                for (JobInstance instance : jobRepository.getJobInstances(name, 0, limit)) {
                    found.addAll(jobRepository.getJobExecutions(instance));
                }
            }
        }
        return found.stream().sorted(Comparator.comparingLong(JobExecution::getId).reversed()).limit(limit)
                .map(this::view).toList();
    }

    private JobExecution execution(long id) {
        JobExecution execution;
        try {
            execution = jobRepository.getJobExecution(id);
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            execution = null; // Spring Batch 6.0 throws here instead of returning null
        }
        if (execution == null) {
            throw JobControlException.notFound("no job execution " + id);
        }
        return execution;
    }

    private Job job(String name) {
        try {
            return jobRegistry.getJob(name);
        } catch (Exception e) {
            throw JobControlException.notFound("no job named '" + name + "'");
        }
    }

    /** Running in the repository, not in this JVM, and its node no longer checks in. */
    boolean stale(JobExecution e) {
        return e.getStatus().isRunning() && !tracker.runningHere(e.getId()) && !nodes.alive(JobExecutionTracker.node(e));
    }

    private static String staleMessage(JobExecution e) {
        return "execution " + e.getId() + " was left " + e.getStatus() + " by node " + JobExecutionTracker.node(e)
                + ", which is gone: recover it (job recover " + e.getId() + "), then restart it";
    }

    ExecutionView view(JobExecution e) {
        long read = 0, write = 0, skip = 0, filter = 0, commit = 0, rollback = 0;
        List<ExecutionView.StepView> steps = new ArrayList<>();
        for (StepExecution s : e.getStepExecutions().stream().sorted(Comparator.comparingLong(StepExecution::getId)).toList()) {
            read += s.getReadCount();
            write += s.getWriteCount();
            skip += s.getSkipCount();
            filter += s.getFilterCount();
            commit += s.getCommitCount();
            rollback += s.getRollbackCount();
            steps.add(new ExecutionView.StepView(s.getId(), s.getStepName(), s.getStatus().name(),
                    s.getExitStatus().getExitCode(), s.getReadCount(), s.getWriteCount(), s.getSkipCount(),
                    s.getFilterCount(), s.getCommitCount(), s.getRollbackCount(), instant(s.getStartTime()),
                    instant(s.getEndTime())));
        }
        boolean running = e.getStatus().isRunning();
        Instant start = instant(e.getStartTime());
        Instant end = instant(e.getEndTime());
        Double rate = null;
        if (start != null) {
            double seconds = Duration.between(start, end != null ? end : Instant.now()).toMillis() / 1000.0;
            rate = seconds > 0 ? Math.round(write / seconds * 10) / 10.0 : null;
        }
        Double fraction = null;
        Long eta = null;
        if (e.getStatus() == BatchStatus.COMPLETED) {
            fraction = 1.0;
            eta = 0L;
        } else if (running && progress.containsKey(e.getJobInstance().getJobName())) {
            OptionalDouble f = progress.get(e.getJobInstance().getJobName()).fraction(e);
            if (f.isPresent()) {
                fraction = Math.max(0, Math.min(1, f.getAsDouble()));
                if (start != null && fraction > 0) {
                    long elapsed = Duration.between(start, Instant.now()).toSeconds();
                    eta = Math.round(elapsed * (1 - fraction) / fraction);
                }
            }
        }
        String description = condense(e.getExitStatus().getExitDescription());
        if (description != null && description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION) + "…";
        }
        return new ExecutionView(e.getId(), e.getJobInstance().getJobName(), e.getJobInstanceId(), e.getStatus().name(),
                e.getExitStatus().getExitCode(), description == null || description.isEmpty() ? null : description,
                start, end, instant(e.getLastUpdated()), parameterMap(e.getJobParameters()),
                JobExecutionTracker.node(e), running, running && stale(e), read, write, skip, filter, commit, rollback,
                rate, fraction, eta, steps);
    }

    /** An exit description without stack frames: the exception and its causes, what operators read. */
    static String condense(String description) {
        if (description == null) {
            return null;
        }
        return description.lines().filter(l -> !l.strip().startsWith("at ") && !l.strip().matches("\\.\\.\\. \\d+ more"))
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, Object> parameterMap(JobParameters params) {
        Map<String, Object> m = new LinkedHashMap<>();
        params.parameters().stream().sorted(Comparator.comparing(p -> p.name()))
                .forEach(p -> m.put(p.name(), p.value() instanceof Number || p.value() instanceof Boolean ? p.value() : String.valueOf(p.value())));
        return m;
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.atZone(ZoneId.systemDefault()).toInstant();
    }

    private void audit(String operation, String user, long executionId, Map<String, ?> details) {
        auditLog.append(auditRecords.adminAction(AuditRecords.CUSTODIA_ADMIN, operation, user,
                "job-execution:" + executionId, details));
    }
}
