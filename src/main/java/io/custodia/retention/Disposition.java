package io.custodia.retention;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.ediscovery.HoldCheck;
import io.custodia.retention.RecoverableArea.ConversationKey;
import io.custodia.retention.RetentionAudit.Disposed;
import io.custodia.support.Utc;

/**
 * What the disposition job does to one chunk, inside the chunk's transaction: decide with the
 * {@link RetentionResolver}, ask {@link HoldCheck}, move / restore / purge through the
 * {@link RecoverableArea}, keep the ledger ({@code retention_disposal}), write one audit record (and
 * {@code item.disposed} event) per item, and add to the run's counters. The rows are locked first, so a
 * second run working at the same time finds them gone instead of disposing them twice.
 */
@Component
class Disposition {

    private final NamedParameterJdbcTemplate jdbc;
    private final ItemFactsLoader facts;
    private final RetentionResolver resolver = new RetentionResolver();
    private final HoldCheck holds;
    private final RecoverableArea area;
    private final RetentionAudit audit;
    private final RetentionRuns runs;
    private final RetentionProperties props;

    Disposition(NamedParameterJdbcTemplate jdbc, ItemFactsLoader facts, HoldCheck holds, RecoverableArea area,
                RetentionAudit audit, RetentionRuns runs, RetentionProperties props) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.holds = holds;
        this.area = area;
        this.audit = audit;
        this.runs = runs;
        this.props = props;
    }

    /** Evaluates live items: expired ones that no hold covers move to the recoverable area. */
    void evaluate(Run run, List<Long> ids) {
        List<Long> locked = jdbc.queryForList("SELECT id FROM mail_item WHERE id IN (:ids) ORDER BY id FOR UPDATE",
                new MapSqlParameterSource("ids", ids), Long.class);
        List<ItemFacts> items = facts.live(locked);
        Decisions d = decide(run, items);
        List<Disposed> moving = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (d.outcomes.get(i).expired()) {
                moving.add(disposed(items.get(i), d.outcomes.get(i)));
            }
        }
        if (!run.dryRun() && !moving.isEmpty()) {
            area.move(moving.stream().map(m -> m.item().itemId()).toList());
            ledgerMoved(run, moving);
            audit.dispositions(RetentionAudit.ITEM_MOVED, "recoverable", run, moving);
        }
        runs.add(run.runId(), new RetentionRuns.Counts(items.size(), d.retained, moving.size(), d.held, 0, 0, 0, 0));
    }

    /**
     * Finishes recoverable items past their grace period: purged — unless a hold now covers them (they
     * stay) or the rules no longer let them go (a policy or label added meanwhile: restored).
     */
    void purge(Run run, List<Long> ids) {
        List<Long> locked = jdbc.queryForList("""
                SELECT item_id FROM retention_disposal WHERE item_id IN (:ids) AND stage = 'RECOVERABLE'
                ORDER BY item_id FOR UPDATE""", new MapSqlParameterSource("ids", ids), Long.class);
        List<ItemFacts> items = facts.recoverable(locked);
        Decisions d = decide(run, items);
        List<Disposed> purging = new ArrayList<>();
        List<Disposed> restoring = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            RetentionOutcome o = d.outcomes.get(i);
            if (o.expired()) {
                purging.add(disposed(items.get(i), o));
            } else if (o.decision() != RetentionOutcome.Decision.HELD) {
                restoring.add(disposed(items.get(i), o));
            }
        }
        if (!run.dryRun()) {
            List<Long> purgeIds = purging.stream().map(p -> p.item().itemId()).toList();
            Set<ConversationKey> conversations = new LinkedHashSet<>();
            purging.forEach(p -> conversations.add(new ConversationKey(p.item().workspaceId(), p.item().conversationId())));
            RecoverableArea.Purge result = area.purge(purgeIds, conversations);
            if (!purgeIds.isEmpty()) {
                jdbc.update("""
                        UPDATE retention_disposal SET stage = 'PURGED', purged_run = :run, purged_at = :now
                        WHERE item_id IN (:ids)""", new MapSqlParameterSource("ids", purgeIds)
                        .addValue("run", run.runId()).addValue("now", Utc.now()));
            }
            requestSourceDeletions(run, result.emptiedConversations(), purging);
            audit.dispositions(RetentionAudit.ITEM_PURGED, "purged", run, purging);
            if (!restoring.isEmpty()) {
                List<Long> restoreIds = restoring.stream().map(r -> r.item().itemId()).toList();
                area.restore(restoreIds);
                jdbc.update("UPDATE retention_disposal SET stage = 'RESTORED', restored_at = :now WHERE item_id IN (:ids)",
                        new MapSqlParameterSource("ids", restoreIds).addValue("now", Utc.now()));
                audit.dispositions(RetentionAudit.ITEM_RESTORED, "restored", run, restoring);
            }
        }
        runs.add(run.runId(), new RetentionRuns.Counts(0, 0, 0, d.held, purging.size(), restoring.size(), 0, 0));
    }

    /** The outcome for each item, asking about holds only for the items that are due. */
    private Decisions decide(Run run, List<ItemFacts> items) {
        List<RetentionOutcome> outcomes = new ArrayList<>(items.size());
        List<Long> due = new ArrayList<>();
        for (ItemFacts f : items) {
            RetentionOutcome o = resolver.resolve(run.rules().rulesFor(f), f.created(), f.lastActivity(), false, run.asOf());
            outcomes.add(o);
            if (o.expired()) {
                due.add(f.itemId());
            }
        }
        Set<Long> held = holds.heldAmong(due);
        Decisions d = new Decisions(outcomes);
        for (int i = 0; i < items.size(); i++) {
            ItemFacts f = items.get(i);
            if (held.contains(f.itemId())) {
                outcomes.set(i, resolver.resolve(run.rules().rulesFor(f), f.created(), f.lastActivity(), true, run.asOf()));
                d.held++;
            } else if (!outcomes.get(i).expired()) {
                d.retained++;
            }
        }
        return d;
    }

    private void ledgerMoved(Run run, List<Disposed> moving) {
        var now = Utc.now();
        var purgeAfter = Utc.toDb(run.asOf().plus(props.gracePeriod()));
        MapSqlParameterSource[] rows = moving.stream().map(m -> new MapSqlParameterSource()
                    .addValue("id", m.item().itemId()).addValue("ws", m.item().workspaceId())
                    .addValue("msg", m.item().messageId()).addValue("mailbox", m.item().mailboxId())
                    .addValue("conv", m.item().conversationId()).addValue("rule", truncate(m.rule(), 400))
                    .addValue("deleteAt", Utc.toDb(m.deleteAt())).addValue("run", run.runId())
                    .addValue("asOf", Utc.toDb(run.asOf())).addValue("now", now).addValue("purgeAfter", purgeAfter)
                    .addValue("source", m.deleteAtSource())).toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO retention_disposal (item_id, workspace_id, message_id, mailbox_id, conversation_id, stage, rule,
                                                delete_at, moved_run, moved_as_of, moved_at, purge_after, delete_at_source)
                VALUES (:id, :ws, :msg, :mailbox, :conv, 'RECOVERABLE', :rule, :deleteAt, :run, :asOf, :now, :purgeAfter,
                        :source)
                ON DUPLICATE KEY UPDATE stage = 'RECOVERABLE', rule = VALUES(rule), delete_at = VALUES(delete_at),
                    moved_run = VALUES(moved_run), moved_as_of = VALUES(moved_as_of), moved_at = VALUES(moved_at),
                    purge_after = VALUES(purge_after), delete_at_source = VALUES(delete_at_source),
                    purged_run = NULL, purged_at = NULL, restored_at = NULL""", rows);
    }

    /**
     * Conversations left without any item whose last items went under a rule asking for deletion at the
     * source get a PENDING request; the job's last step carries them out after this chunk committed.
     */
    private void requestSourceDeletions(Run run, Collection<ConversationKey> emptied, List<Disposed> purged) {
        if (emptied.isEmpty() || !props.sourceDeletion().enabled()) {
            return;
        }
        List<MapSqlParameterSource> rows = new ArrayList<>();
        for (ConversationKey k : emptied) {
            purged.stream()
                    .filter(p -> p.item().workspaceId().equals(k.workspaceId()) && p.item().conversationId().equals(k.conversationId()))
                    .filter(Disposed::deleteAtSource)
                    .findFirst()
                    .ifPresent(p -> rows.add(new MapSqlParameterSource().addValue("ws", k.workspaceId())
                            .addValue("conv", k.conversationId()).addValue("mailbox", p.item().mailboxId())
                            .addValue("rule", truncate(p.rule(), 400)).addValue("run", run.runId())
                            .addValue("now", Utc.now())));
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO retention_source_deletion (workspace_id, conversation_id, mailbox_id, rule, status,
                                                           requested_run, requested_at)
                    VALUES (:ws, :conv, :mailbox, :rule, 'PENDING', :run, :now)
                    ON DUPLICATE KEY UPDATE workspace_id = workspace_id""", rows.toArray(MapSqlParameterSource[]::new));
        }
    }

    private static Disposed disposed(ItemFacts item, RetentionOutcome o) {
        RetentionRule rule = o.deletingRule() != null ? o.deletingRule() : o.retainingRule();
        return new Disposed(item, rule == null ? "no rule" : rule.label(), o.deleteAt(),
                o.deletingRule() != null && o.deletingRule().deleteAtSource());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** The outcomes of one chunk and how many stay (retained) or are held. */
    private static final class Decisions {
        final List<RetentionOutcome> outcomes;
        long retained;
        long held;

        Decisions(List<RetentionOutcome> outcomes) {
            this.outcomes = outcomes;
        }
    }
}
