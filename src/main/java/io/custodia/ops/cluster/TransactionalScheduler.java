package io.custodia.ops.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

import org.quartz.Scheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Quartz scheduler as Camel's quartz component sees it: calls that store jobs and triggers run in a
 * Spring transaction. Why: Spring's {@code LocalDataSourceJobStore} takes Quartz's row lock
 * ({@code SELECT … FROM QRTZ_LOCKS FOR UPDATE}) on the caller's connection, and outside a transaction that
 * connection auto-commits, so the lock is released before "does the job exist? then insert it". Two nodes
 * starting together on a fresh database then both insert the same job and one fails to start with a
 * duplicate key. Inside a transaction the lock holds until commit: the second node finds the job and
 * camel-quartz (clustered) takes the existing trigger.
 */
public final class TransactionalScheduler {

    private static final Set<String> WRITES = Set.of("scheduleJob", "scheduleJobs", "addJob", "rescheduleJob");

    private TransactionalScheduler() {
    }

    public static Scheduler wrap(Scheduler target, PlatformTransactionManager transactionManager) {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        return (Scheduler) Proxy.newProxyInstance(Scheduler.class.getClassLoader(), new Class<?>[]{Scheduler.class},
                (proxy, method, args) -> {
                    if (!WRITES.contains(method.getName())) {
                        return invoke(target, method, args);
                    }
                    try {
                        return tx.execute(status -> {
                            try {
                                return invoke(target, method, args);
                            } catch (Throwable t) {
                                throw new Failure(t); // rolls back; unwrapped below
                            }
                        });
                    } catch (Failure f) {
                        throw f.getCause();
                    }
                });
    }

    private static Object invoke(Scheduler target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(Throwable cause) {
            super(cause);
        }
    }
}
