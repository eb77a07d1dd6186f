package io.custodia.ops.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start of the slim jar without a database into Spring Boot's short "what / do this" report. */
class NoEmbeddedDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<NoEmbeddedDatabaseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoEmbeddedDatabaseException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set spring.datasource.url (e.g. jdbc:mariadb://db.internal:3306/custodia), spring.datasource.username and "
                        + "spring.datasource.password, for example in config/application-production.yaml with the password "
                        + "from the environment; or run the default build (mvn package), which embeds MariaDB.", cause);
    }
}
