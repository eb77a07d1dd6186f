package io.custodia.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The user directory of a simulated workspace as time passes: the workspace's users at its origin, then one
 * change every {@link #CHANGE_EVERY} — someone joins (a new {@code standard-user}), leaves (status
 * {@code inactive}, still listed, as the users endpoint does) or changes role ({@code standard-user} ↔
 * {@code account-admin}). A pure function of the seed and the time, like everything else the simulator serves.
 * The owner never leaves nor changes role. Joiners write no conversations (the conversation plans draw their
 * authors from the users of the origin).
 */
final class UserDirectory {

    static final Duration CHANGE_EVERY = Duration.ofMinutes(10);
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String[] FIRST = {"Ada", "Bruno", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hiro", "Ines",
        "Jonas", "Kira", "Lena", "Marco", "Nia", "Omar", "Priya"};
    private static final String[] LAST = {"Novak", "Silva", "Lind", "Mensah", "Park", "Roy", "Sato", "Vega"};

    /** One directory change: what happened to whom, when. */
    record Change(Instant at, String kind, String userId, String role, String status) {
    }

    private UserDirectory() {
    }

    /** The users list at {@code t}, ascending by id as the users endpoint pages it. */
    static List<SimUser> at(SimulatedWorkspace ws, Instant t) {
        Map<String, SimUser> users = new LinkedHashMap<>();
        ws.users().forEach(u -> users.put(u.id(), u));
        replay(ws, t, users, null);
        List<SimUser> list = new ArrayList<>(users.values());
        list.sort(Comparator.comparing(SimUser::id));
        return list;
    }

    /** Every change up to {@code t}, oldest first. */
    static List<Change> changes(SimulatedWorkspace ws, Instant t) {
        Map<String, SimUser> users = new LinkedHashMap<>();
        ws.users().forEach(u -> users.put(u.id(), u));
        List<Change> out = new ArrayList<>();
        replay(ws, t, users, out);
        return out;
    }

    private static void replay(SimulatedWorkspace ws, Instant t, Map<String, SimUser> users, List<Change> log) {
        long every = CHANGE_EVERY.toNanos() / 1000;
        long elapsed = SimulatedWorkspace.micros(t) - ws.originMicros();
        long count = elapsed < every ? 0 : elapsed / every;
        String domain = ws.users().get(0).email().substring(ws.users().get(0).email().indexOf('@') + 1);
        for (long k = 0; k < count; k++) {
            Instant at = SimulatedWorkspace.instant(ws.originMicros() + (k + 1) * every);
            // a stream of its own per change: 0x0D1 + k never meets the conversation streams (0 … 1000)
            SplittableRandom r = ws.random(-1 - k, 0x0D1);
            double roll = r.nextDouble();
            List<SimUser> candidates = users.values().stream()
                    .filter(u -> u.status().equals("active") && !u.role().equals("account-owner")).toList();
            if (roll < 0.4 || candidates.isEmpty()) {
                String first = FIRST[r.nextInt(FIRST.length)];
                String last = LAST[r.nextInt(LAST.length)];
                String id = "user-" + ContentGenerator.randomChars(r, BASE62, 24);
                String email = (first + "." + last + "." + (k + 1)).toLowerCase() + "@" + domain;
                SimUser joiner = new SimUser(id, email, first + " " + last, "standard-user", "active", at);
                users.put(id, joiner);
                record(log, at, "joined", joiner);
            } else if (roll < 0.7) {
                SimUser u = candidates.get(r.nextInt(candidates.size()));
                SimUser left = new SimUser(u.id(), u.email(), u.name(), u.role(), "inactive", u.createdAt());
                users.put(u.id(), left);
                record(log, at, "left", left);
            } else {
                SimUser u = candidates.get(r.nextInt(candidates.size()));
                String role = u.role().equals("account-admin") ? "standard-user" : "account-admin";
                SimUser changed = new SimUser(u.id(), u.email(), u.name(), role, u.status(), u.createdAt());
                users.put(u.id(), changed);
                record(log, at, "role-changed", changed);
            }
        }
    }

    private static void record(List<Change> log, Instant at, String kind, SimUser u) {
        if (log != null) {
            log.add(new Change(at, kind, u.id(), u.role(), u.status()));
        }
    }
}
