package io.custodia.feeds;

import java.util.List;

import org.springframework.stereotype.Component;

import io.custodia.ops.metrics.BacklogSource;
import io.custodia.ops.metrics.BacklogSources;

/** Each feed's undelivered outbox events as {@code custodia_backlog{queue="feed:<name>"}}. */
@Component
class FeedBacklogs implements BacklogSources {

    private final FeedProperties props;
    private final FeedOperations operations;

    FeedBacklogs(FeedProperties props, FeedOperations operations) {
        this.props = props;
        this.operations = operations;
    }

    @Override
    public List<BacklogSource> backlogSources() {
        return props.feeds().keySet().stream().map(this::of).toList();
    }

    private BacklogSource of(String feed) {
        return new BacklogSource() {
            @Override
            public String name() {
                return "feed:" + feed;
            }

            @Override
            public long backlog() {
                return operations.backlog(feed);
            }
        };
    }
}
