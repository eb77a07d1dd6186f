package io.custodia.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.custodia.ops.database.DatabaseAccess;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar custodia.jar audit verify [--spring.option=value …]}: verifies the audit chain in the
 * hub's database and prints the report as one JSON line; exit code 0 = intact, 1 = broken, 2 = could not
 * verify. The database is found the way the hub finds it: {@code spring.datasource.url/username/password}
 * (config/application.yaml, environment, or options on this command line), otherwise the embedded
 * MariaDB under {@code custodia.embedded-db.data-dir} — which the command can open only while the hub is
 * stopped (use {@code GET /api/v1/audit/verify} on a running hub).
 */
public final class AuditCommand {

    private AuditCommand() {
    }

    public static int main(String[] args) {
        if (args.length == 0 || !"verify".equals(args[0])) {
            System.err.println("usage: java -jar custodia.jar audit verify [--spring.datasource.url=jdbc:mariadb://host/db "
                    + "--spring.datasource.username=… --spring.datasource.password=…]");
            return 2;
        }
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("logging.level.root", "OFF"); // standard output carries the report only
        defaults.put("spring.main.banner-mode", "off");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(VerifyContext.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties(defaults).initializers(AuditCommand::requireExistingDatabase).run(options)) {
            ChainReport report = context.getBean(AuditChainVerifier.class).verify();
            System.out.println(JsonMapper.builder().build().writeValueAsString(report));
            return report.ok() ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("audit verify: could not verify the audit chain: " + rootMessage(e));
            System.err.println("  (the database comes from spring.datasource.* or, without a URL, the embedded MariaDB "
                    + "under custodia.embedded-db.data-dir, which only opens while the hub is stopped; a running hub "
                    + "answers GET /api/v1/audit/verify)");
            return 2;
        }
    }

    /** Verifying must never create a database: without a URL, the embedded one must already exist. */
    private static void requireExistingDatabase(ConfigurableApplicationContext context) {
        var env = context.getEnvironment();
        if (env.getProperty("spring.datasource.url", "").isBlank()) {
            Path dir = Path.of(env.getProperty("custodia.embedded-db.data-dir", "data/mariadb"))
                    .resolve(env.getProperty("custodia.embedded-db.database", "custodia"));
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("no embedded database at " + dir.toAbsolutePath()
                        + ": run the command in the hub's folder, or give --spring.datasource.url");
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " — " + t.getMessage();
    }

    // deliberately not @Configuration: component scanning of the hub must not pick this context up
    @Import({DatabaseAccess.class, AuditConfiguration.class, AuditChainVerifier.class})
    static class VerifyContext {
    }
}
