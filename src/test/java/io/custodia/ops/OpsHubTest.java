package io.custodia.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The hub the operations tests share (one Spring context for all of them): the test profile (simulator
 * with a fixed history, 5 s polls), the {@code sleepy} test job, the launch profiles of
 * {@code src/test/resources/ops/profiles.yaml}, and two users besides admin: {@code operator} (OPERATOR)
 * and {@code auditor} (AUDIT_READER, no job rights).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.batch.profiles=src/test/resources/ops/profiles.yaml",
        "custodia.security.users[0].username=operator",
        "custodia.security.users[0].password={noop}operator-secret",
        "custodia.security.users[0].roles[0]=OPERATOR",
        "custodia.security.users[1].username=auditor",
        "custodia.security.users[1].password={noop}auditor-secret",
        "custodia.security.users[1].roles[0]=AUDIT_READER"})
@ActiveProfiles("test")
@Import(OpsTestJobs.class)
public @interface OpsHubTest {
}
