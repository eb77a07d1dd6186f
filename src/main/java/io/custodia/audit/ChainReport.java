package io.custodia.audit;

/**
 * What a verification of the audit chain found.
 *
 * @param ok                  every sealed record is intact, in place, and the chain reaches the head
 * @param records             sealed records walked
 * @param firstBroken         id of the first record whose link does not hold (for rows removed from the
 *                            end of the chain: the id the head names), null when ok
 * @param firstBrokenPosition its chain position
 * @param reason              what is wrong there, for people
 * @param unsealed            records committed but not sealed yet (not covered by this verification)
 * @param headPosition        last sealed position according to the chain head
 * @param headHash            hash of the chain head: anchor it elsewhere to detect a rewritten chain
 */
public record ChainReport(boolean ok, long records, String firstBroken, Long firstBrokenPosition, String reason,
                          long unsealed, long headPosition, String headHash) {
}
