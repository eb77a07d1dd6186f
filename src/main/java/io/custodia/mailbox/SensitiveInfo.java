package io.custodia.mailbox;

/**
 * Sensitive information of one type in an item's body or in one of its attachments (Purview's
 * per-item SIT result): the SIT id of the catalogue, how many instances, the highest confidence.
 */
public record SensitiveInfo(String sitId, int count, int confidence) {
}
