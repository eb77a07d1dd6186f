package io.custodia.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The simulated user directory changes as time passes: joiners, leavers and role changes, the same for the same seed. */
class UserDirectoryTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-05T00:00:00Z");

    private SimulatedWorkspace workspace(long seed) {
        SimulatorProperties.Workspace cfg = new SimulatorProperties.Workspace("ws-1", "k", seed, 8, 30.0, 0.2, 0.1, 0.5);
        Instant end = ORIGIN.plus(Duration.ofHours(6));
        return new SimulatedWorkspace(cfg, ORIGIN, Duration.ofSeconds(15), () -> end,
                new SampleFileLibrary(Path.of("samples/files")));
    }

    @Test
    void joinersLeaversAndRoleChangesAppearAsTimePasses() {
        SimulatedWorkspace ws = workspace(5);
        assertThat(UserDirectory.at(ws, ORIGIN)).containsExactlyElementsOf(ws.users());
        assertThat(UserDirectory.at(ws, ORIGIN.plus(UserDirectory.CHANGE_EVERY).minusSeconds(1))).isEqualTo(ws.users());
        Instant later = ORIGIN.plus(Duration.ofHours(6));
        List<UserDirectory.Change> changes = UserDirectory.changes(ws, later);
        assertThat(changes).hasSize(36);
        assertThat(changes.stream().map(UserDirectory.Change::kind).distinct()).containsExactlyInAnyOrder("joined", "left", "role-changed");
        List<SimUser> now = UserDirectory.at(ws, later);
        Map<String, SimUser> byId = now.stream().collect(Collectors.toMap(SimUser::id, Function.identity()));
        long joined = changes.stream().filter(c -> c.kind().equals("joined")).count();
        assertThat(now).hasSize(ws.users().size() + (int) joined);
        assertThat(now).isSortedAccordingTo(java.util.Comparator.comparing(SimUser::id));
        // the last change of each user is what the directory shows
        Map<String, UserDirectory.Change> last = changes.stream().collect(Collectors.toMap(UserDirectory.Change::userId,
                Function.identity(), (a, b) -> b));
        last.forEach((id, c) -> {
            assertThat(byId.get(id).role()).isEqualTo(c.role());
            assertThat(byId.get(id).status()).isEqualTo(c.status());
        });
        assertThat(now.stream().filter(u -> u.status().equals("inactive")).count())
                .isEqualTo(changes.stream().filter(c -> c.kind().equals("left")).map(UserDirectory.Change::userId).distinct().count());
        // the owner stays
        assertThat(now.stream().filter(u -> u.role().equals("account-owner") && u.status().equals("active"))).hasSize(1);
        // joiners are created when they join
        changes.stream().filter(c -> c.kind().equals("joined"))
                .forEach(c -> assertThat(byId.get(c.userId()).createdAt()).isEqualTo(c.at()));
        assertThat(UserDirectory.at(workspace(5), later)).isEqualTo(now);
    }
}
