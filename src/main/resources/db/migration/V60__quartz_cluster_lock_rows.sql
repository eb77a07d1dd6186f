-- Quartz's clustered job store serialises its work with SELECT … FOR UPDATE on these rows, and creates
-- them on first use. On a fresh schema two hub nodes starting at the same moment both find them missing:
-- their inserts deadlock and one node fails to store its triggers ("Couldn't store job: Duplicate
-- entry"). With the rows present from the start, the second node simply waits for the first.
-- SCHED_NAME is spring.quartz.scheduler-name (custodia); other names get their rows from Quartz.
INSERT IGNORE INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES
    ('custodia', 'TRIGGER_ACCESS'),
    ('custodia', 'STATE_ACCESS');
