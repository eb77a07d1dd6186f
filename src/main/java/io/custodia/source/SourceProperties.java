package io.custodia.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ChatGPT Enterprise workspaces this hub collects from ({@code custodia.workspaces[*]}) and the
 * collection defaults ({@code custodia.source.*}).
 */
@ConfigurationProperties("custodia")
public record SourceProperties(List<Workspace> workspaces, Defaults source) {

    public SourceProperties {
        workspaces = workspaces != null ? workspaces : List.of();
        source = source != null ? source : new Defaults(null, null, null, null, null);
        long distinct = workspaces.stream().map(Workspace::id).distinct().count();
        if (distinct != workspaces.size()) {
            throw new IllegalArgumentException("custodia.workspaces[*].id must be unique");
        }
    }

    /**
     * @param userAgent     sent with every request
     * @param pageSize      {@code limit} for list calls
     * @param overlap       each poll re-lists this much before its checkpoint, so a file that shares the
     *                      boundary {@code end_time} is never skipped; re-listed files are recognised by id
     * @param defaultRetryAfter wait after a 429 that carries no {@code Retry-After}
     * @param maxRetryAfter     never wait longer than this, whatever {@code Retry-After} says
     */
    public record Defaults(String userAgent, Integer pageSize, Duration overlap, Duration defaultRetryAfter,
                           Duration maxRetryAfter) {
        public Defaults {
            userAgent = userAgent != null ? userAgent : "Custodia/0.1 (+compliance hub)";
            pageSize = pageSize != null ? pageSize : 100;
            overlap = overlap != null ? overlap : Duration.ofMinutes(1);
            defaultRetryAfter = defaultRetryAfter != null ? defaultRetryAfter : Duration.ofSeconds(60);
            maxRetryAfter = maxRetryAfter != null ? maxRetryAfter : Duration.ofMinutes(10);
        }
    }

    /**
     * One workspace.
     *
     * @param id            workspace UUID
     * @param name          label for operators
     * @param baseUrl       API base, e.g. {@code https://api.chatgpt.com/v1}; empty = this hub's own simulator
     * @param apiKey        bearer key (from the environment or a secret store; never logged)
     * @param schedule      Quartz cron of the Logs Platform polls
     * @param usersSchedule Quartz cron of the user directory sync
     * @param eventTypes    Logs Platform event types to collect
     * @param startFrom     where the first poll starts
     * @param enabled       collect from it at all
     * @param organizationId API Platform org id ({@code org-…}) for event types served on the organization path
     * @param organizationEventTypes event types listed and downloaded through
     *                      {@code /compliance/organizations/{organization-id}/logs} instead of the workspace path
     *                      (collected for this workspace, with its checkpoints; added to {@code eventTypes})
     */
    public record Workspace(String id, String name, String baseUrl, String apiKey, String schedule,
                            String usersSchedule, List<String> eventTypes, Instant startFrom, Boolean enabled,
                            String organizationId, List<String> organizationEventTypes) {

        public Workspace {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("custodia.workspaces[*].id is required");
            }
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("custodia.workspaces[*].id must be a workspace UUID or org id, was " + id);
            }
            name = name != null ? name : id;
            schedule = schedule != null ? schedule : "0/15 * * * * ?";
            usersSchedule = usersSchedule != null ? usersSchedule : "0 0/10 * * * ?";
            eventTypes = eventTypes != null && !eventTypes.isEmpty() ? List.copyOf(eventTypes)
                    : List.of("CONVERSATION_MESSAGE", "AUTH_LOG");
            startFrom = startFrom != null ? startFrom : Instant.EPOCH;
            enabled = enabled == null || enabled;
            organizationEventTypes = organizationEventTypes == null ? List.of() : List.copyOf(organizationEventTypes);
            if (!organizationEventTypes.isEmpty() && (organizationId == null || !organizationId.matches("org-[A-Za-z0-9_-]{1,64}"))) {
                throw new IllegalArgumentException("custodia.workspaces[" + id + "].organization-event-types needs "
                        + "organization-id (an API Platform org id, org-…), was " + organizationId);
            }
            if (!organizationEventTypes.isEmpty()) {
                java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(eventTypes);
                all.addAll(organizationEventTypes);
                eventTypes = List.copyOf(all);
            }
        }

        /** Whether this event type is collected through the organization path. */
        public boolean onOrganizationPath(String eventType) {
            return organizationEventTypes.contains(eventType);
        }

        @Override
        public String toString() { // never print the key
            return "Workspace[id=" + id + ", name=" + name + ", baseUrl=" + baseUrl + ", eventTypes=" + eventTypes
                    + (organizationId == null ? "" : ", organizationId=" + organizationId
                    + ", organizationEventTypes=" + organizationEventTypes) + "]";
        }
    }
}
