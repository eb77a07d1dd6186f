package io.custodia.feeds;

import tools.jackson.databind.JsonNode;

final class FeedFixtures {

    private FeedFixtures() {
    }

    static JsonNode json(String text) {
        return Fixtures.JSON.readTree(text);
    }
}
