package io.custodia.source;

/** A file a user uploaded with a message, to be fetched through the user files endpoint. */
public record FileRef(String userId, String fileId, String name, String contentType) {
}
