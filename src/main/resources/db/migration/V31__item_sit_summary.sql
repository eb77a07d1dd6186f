-- eDiscovery reads sensitive information type matches per item and SIT (SensitiveType: and the "top
-- SITs" of search statistics). Classification (V20) stores them per item body and per attachment;
-- this view sums them per item the way Purview counts a SIT in an item: instances added up, the
-- highest confidence kept. MariaDB pushes the outer conditions into the grouped view.
CREATE VIEW item_sit_summary AS
SELECT item_id, sit_id, SUM(match_count) AS count, MAX(confidence) AS confidence
FROM item_sit_match
GROUP BY item_id, sit_id;
