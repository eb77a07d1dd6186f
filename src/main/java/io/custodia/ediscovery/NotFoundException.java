package io.custodia.ediscovery;

/** A case, search, hold, review set or export that does not exist or that the caller may not see (404 either way). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what + " not found");
    }
}
