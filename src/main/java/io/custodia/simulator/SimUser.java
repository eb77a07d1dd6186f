package io.custodia.simulator;

import java.time.Instant;

/** A member of the simulated workspace's user directory. */
record SimUser(String id, String email, String name, String role, String status, Instant createdAt) {
}
